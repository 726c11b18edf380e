fn main() {
    // Paths are relative to this package; a downstream crate would keep its own copy of the
    // specs (or a git submodule) under its own directory.
    specgen::Builder::new()
        .with_spec("../../spec/rms-bet.json")
        .with_overlay("../../spec/overlays/rms-bet-place-bet.yaml")
        .with_overlay("../../spec/overlays/rms-bet-decimals.yaml")
        .with_spec("../../spec/livescore-customers.yaml")
        .with_module_name("livescore")
        .generate()
        .unwrap_or_else(|error| panic!("{error}"));
}
