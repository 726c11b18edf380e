mod api {
    specgen_macros::openapi!("../../../../tests/ui/specs/invalid.json");
}

fn main() {}
