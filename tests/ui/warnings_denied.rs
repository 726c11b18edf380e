// The macro reports spec warnings as warnings of the crate: denied, they stop the build.
#![deny(warnings)]
#![allow(dead_code)]

mod api {
    specgen_macros::openapi!("ui/specs/warning.yaml");
}

fn main() {}
