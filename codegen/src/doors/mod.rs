//! The ways in: each turns what its user wrote into [`ApiSource`](crate::pipeline::ApiSource)s and
//! [`Options`](crate::pipeline::Options) and runs the [`pipeline`](crate::pipeline). The proc macro's
//! expansion lives here too (`proc_macro`); `specgen-macros` only hands it its input.

pub mod builder;
#[cfg(feature = "cli")]
pub mod manifest;
pub mod proc_macro;
#[cfg(feature = "cli")]
pub mod project;
