// An acknowledged warning is not reported, so `deny(warnings)` builds.
#![deny(warnings)]
#![allow(dead_code)]

mod api {
    specgen_macros::openapi!("ui/specs/warning.yaml", acknowledge = ["duplicate-enum-value"]);
}

fn main() {
    let _ = api::Colour::Red;
}
