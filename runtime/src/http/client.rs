//! Support for generated reqwest clients.
