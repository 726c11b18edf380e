//! Reader settings: strict or lenient, and the limits on nesting depth and document size
//! (the defaults are what feed messages need, with room to spare).

/// How many elements may be open at once unless [`XmlOptions::max_depth`] says otherwise.
///
/// Real feed messages nest about ten levels deep; 64 leaves room for recursive types
/// (competitions within competitions) while keeping the decoders' recursion shallow.
pub const DEFAULT_MAX_DEPTH: usize = 64;

/// The longest document (in bytes) accepted unless [`XmlOptions::max_bytes`] says otherwise.
///
/// Feed messages are at most a few megabytes; 64 MiB leaves ample room while keeping a
/// hostile or runaway input from being parsed (and its values allocated) at all. The
/// generated `from_json` entry points apply the same limit.
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Reader settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlOptions {
    /// Report unknown elements and attributes (and stray text) instead of skipping them.
    pub strict: bool,
    /// The most elements that may be open at once (the root counts as one).
    pub max_depth: usize,
    /// The longest document accepted, in bytes: a longer input is an error before parsing.
    pub max_bytes: usize,
}

impl Default for XmlOptions {
    fn default() -> Self {
        Self {
            strict: false,
            max_depth: DEFAULT_MAX_DEPTH,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

impl XmlOptions {
    /// The default settings with strict mode on.
    pub fn strict() -> Self {
        Self {
            strict: true,
            ..Self::default()
        }
    }

    /// These settings with another depth limit.
    pub fn with_max_depth(self, max_depth: usize) -> Self {
        Self { max_depth, ..self }
    }

    /// These settings with another document size limit (in bytes).
    pub fn with_max_bytes(self, max_bytes: usize) -> Self {
        Self { max_bytes, ..self }
    }
}
