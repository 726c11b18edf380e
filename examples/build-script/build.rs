fn main() {
    // Paths are relative to this package; a downstream crate would keep its own copy of the
    // specs (or a git submodule) under its own directory.
    specgen::Builder::new()
        .with_spec("../../spec/rms-bet.json")
        .with_overlay("../../spec/overlays/rms-bet-place-bet.yaml")
        .with_overlay("../../spec/overlays/rms-bet-decimals.yaml")
        // Alternative 400 bodies under keys like "400 (1)" are read as intended.
        .acknowledge_warning("non-standard-response-key")
        .with_spec("../../spec/livescore-customers.yaml")
        .with_module_name("livescore")
        .generate()
        .unwrap_or_else(|error| panic!("{error}"));
}
