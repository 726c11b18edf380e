// A module name that is no Rust identifier is an error at the `module` argument.
mod api {
    specgen_macros::openapi!("ui/specs/warning.yaml", module = "orders-api");
}

fn main() {}
