mod api {
    specgen_macros::openapi!("../../../../tests/ui/specs/unresolvable-ref.yaml");
}

fn main() {}
