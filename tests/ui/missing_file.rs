mod api {
    specgen_macros::openapi!("../../../../tests/ui/specs/does-not-exist.yaml");
}

fn main() {}
