mod api {
    specgen_macros::openapi!("ui/specs/invalid.json");
}

fn main() {}
