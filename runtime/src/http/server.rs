//! Support for generated axum servers.
