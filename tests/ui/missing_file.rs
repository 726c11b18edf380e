mod api {
    specgen_macros::openapi!("ui/specs/does-not-exist.yaml");
}

fn main() {}
