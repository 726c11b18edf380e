//! HTTP support for generated servers (`server` feature) and clients (`client` feature).
//!
//! Generated code reaches axum, tower, reqwest and tracing through the re-exports here, so a
//! crate using it needs no dependency of its own on them.

#[cfg(feature = "server")]
pub mod server;

#[cfg(feature = "server")]
pub mod mock;

#[cfg(feature = "client")]
pub mod client;

#[cfg(feature = "server")]
pub use axum;
pub use http;
#[cfg(feature = "client")]
pub use reqwest;
pub use tracing;
