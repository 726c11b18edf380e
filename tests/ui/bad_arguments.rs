mod api {
    specgen_macros::openapi!("ui/specs/unresolvable-ref.yaml", overlay = "x.yaml");
}

fn main() {}
