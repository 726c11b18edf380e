mod api {
    specgen_macros::openapi!("ui/specs/unresolvable-ref.yaml");
}

fn main() {}
