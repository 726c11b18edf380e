use std::fmt;

/// Why a JSON document could not be decoded into a generated type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pointer: String,
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

impl DecodeError {
    pub(crate) fn from_path_error(error: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let pointer = pointer_of(error.path());
        let inner = error.into_inner();
        Self::located(pointer, &inner)
    }

    pub(crate) fn from_json_error(error: serde_json::Error) -> Self {
        Self::located(String::new(), &error)
    }

    fn located(pointer: String, error: &serde_json::Error) -> Self {
        let line = (error.line() > 0).then_some(error.line());
        let column = line.map(|_| error.column());
        // serde_json appends " at line L column C" itself; we report position separately.
        let text = error.to_string();
        let message = match text.rfind(" at line ") {
            Some(cut) if line.is_some() => text[..cut].to_owned(),
            _ => text,
        };
        Self {
            pointer,
            message,
            line,
            column,
        }
    }

    /// An error raised by generated code (for example: no documented alternative matched).
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
            line: None,
            column: None,
        }
    }

    /// JSON Pointer (RFC 6901) of the value that failed; empty for the whole document.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// What was wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// 1-based line of the failure in the input, when decoding from bytes.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// 1-based column of the failure in the input, when decoding from bytes.
    pub fn column(&self) -> Option<usize> {
        self.column
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, "at {pointer}")?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, " (line {line}, column {column})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for DecodeError {}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"))
            }
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}
