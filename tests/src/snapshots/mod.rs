//! Generated code for the feature specs in `tests/specs/`, compiled as part of this crate.
//!
//! Each module includes the snapshot `tests/snapshots` compares with what its spec generates
//! (bless with `SPECGEN_BLESS=1 cargo test -p specgen-tests --test snapshots`), so the
//! snapshots are proven to compile warning-free and `tests/features.rs` can decode with them.

/// `tests/specs/composition.yaml`: `allOf` merging.
pub mod composition {
    include!("composition.rs");
}

/// `tests/specs/formats.yaml`: scalar formats, nullability and defaults.
pub mod formats {
    include!("formats.rs");
}

/// `tests/specs/http.yaml`: parameters of every kind, non-JSON bodies, security schemes.
pub mod http {
    include!("http.rs");
}

/// `tests/specs/json_schema.yaml`: schemas kept as JSON values, checked keyword by keyword.
pub mod json_schema {
    include!("json_schema.rs");
}

/// `tests/specs/maps.yaml`: objects used as maps.
pub mod maps {
    include!("maps.rs");
}

/// `tests/specs/naming.yaml`: wire names that are no Rust names.
pub mod naming {
    include!("naming.rs");
}

/// `tests/specs/openapi_31.yaml`: OpenAPI 3.1 (JSON Schema 2020-12) schemas.
pub mod openapi_31 {
    include!("openapi_31.rs");
}

/// `tests/specs/operations.yaml`: parameters, request bodies and responses.
pub mod operations {
    include!("operations.rs");
}

/// `tests/specs/real_world.yaml`: shapes published specs use that the specification
/// discourages.
pub mod real_world {
    include!("real_world.rs");
}

/// `tests/specs/recursion.yaml`: self-referencing types.
pub mod recursion {
    include!("recursion.rs");
}

/// `tests/specs/unions.yaml`: `oneOf` and `anyOf`.
pub mod unions {
    include!("unions.rs");
}
