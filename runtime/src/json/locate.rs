//! The JSON Pointer of a decoding failure, found after the fact.
//!
//! Two facts locate a failure. As the error leaves each list item and object member, the
//! reader (`crate::budget::Budgeted`, which wraps every level of a decode) notes its place:
//! the item's index or the member's position in its object ([`failed_in`]). And serde_json
//! says where in the text it stopped (line and column). [`locate`] turns the noted places
//! into member names by reading the text again, and goes deeper by the stopping point where
//! the failure lies in a value read without visiting its parts (a skipped or raw value).
//!
//! Doing this after the fact, rather than keeping the path while decoding (as
//! `serde_path_to_error` does, copying every member name it passes), means a decode that
//! succeeds pays two counters, and every `Deserialize` impl is instantiated for one reader
//! instead of once more for a path-tracking one.
//!
//! Reading the text is iterative and tolerant: it never fails, whatever the bytes (it was
//! handed text the decoder just rejected), and the path it keeps is bounded by
//! [`MAX_DEPTH`].

use std::cell::RefCell;

/// Levels of nesting the pointer names; a failure deeper than this is located at its
/// ancestor this many levels down. serde_json refuses documents nested deeper than 128
/// levels, so only values skipped without being decoded can be deeper.
const MAX_DEPTH: usize = 1024;

/// A place inside a list or an object: where a failure came out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// The item at this index.
    Element(usize),
    /// The member at this position (0 for the first) of the object.
    Member(usize),
}

thread_local! {
    /// The places a failure in flight has come out of, innermost first.
    static FAILED_IN: RefCell<Vec<Step>> = const { RefCell::new(Vec::new()) };
}

/// Notes that `error` came out of `step`, and hands it on.
#[cold]
pub(crate) fn failed_in<E>(step: Step, error: E) -> E {
    FAILED_IN.with(|steps| {
        let mut steps = steps.borrow_mut();
        if steps.len() < MAX_DEPTH {
            steps.push(step);
        }
    });
    error
}

/// Forgets what an earlier failure noted (one a decoder recovered from, or one located
/// already): called before a decode starts.
pub(crate) fn forget() {
    FAILED_IN.with(|steps| steps.borrow_mut().clear());
}

/// The JSON Pointer of a failure decoding `text` that serde_json reports at `position`
/// (line and column, when it has one).
pub(crate) fn locate(text: &[u8], position: Option<(usize, usize)>) -> String {
    let mut steps = FAILED_IN.with(|steps| std::mem::take(&mut *steps.borrow_mut()));
    steps.reverse();
    let noted = pointer_of_steps(text, &steps);
    match position {
        Some((line, column)) => {
            let stopped = pointer_at(text, offset_of(text, line, column));
            if stopped == noted || stopped.starts_with(&format!("{noted}/")) {
                stopped
            } else {
                noted
            }
        }
        None => noted,
    }
}

/// The pointer of the value reached from the document's root by `steps`, as far as the
/// text has them.
fn pointer_of_steps(text: &[u8], steps: &[Step]) -> String {
    let mut pointer = String::new();
    let mut at = skip_space(text, 0);
    for step in steps {
        match (*step, text.get(at)) {
            (Step::Element(index), Some(b'[')) => {
                at = skip_space(text, at + 1);
                for _ in 0..index {
                    at = skip_space(text, skip_value(text, at));
                    match text.get(at) {
                        Some(b',') => at = skip_space(text, at + 1),
                        _ => return pointer,
                    }
                }
                if matches!(text.get(at), None | Some(b']')) {
                    return pointer;
                }
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            (Step::Member(position), Some(b'{')) => {
                at = skip_space(text, at + 1);
                let mut member = 0;
                loop {
                    if text.get(at) != Some(&b'"') {
                        return pointer;
                    }
                    let close = string_end(text, at);
                    if close > text.len() {
                        return pointer;
                    }
                    let key = &text[at..close];
                    at = skip_space(text, close);
                    if text.get(at) == Some(&b':') {
                        at = skip_space(text, at + 1);
                    }
                    if member == position {
                        pointer.push('/');
                        pointer.push_str(&escape(&unescape(key)));
                        break;
                    }
                    at = skip_space(text, skip_value(text, at));
                    match text.get(at) {
                        Some(b',') => at = skip_space(text, at + 1),
                        _ => return pointer,
                    }
                    member += 1;
                }
            }
            _ => return pointer,
        }
    }
    pointer
}

fn skip_space(text: &[u8], mut at: usize) -> usize {
    while matches!(text.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The offset just past the value starting at `at` (strings and nested containers skipped
/// whole, without recursion), or the end of `text` when it is cut short.
fn skip_value(text: &[u8], mut at: usize) -> usize {
    let mut depth = 0usize;
    loop {
        let Some(&byte) = text.get(at) else {
            return text.len();
        };
        match byte {
            b'"' => {
                at = string_end(text, at).min(text.len());
                if depth == 0 {
                    return at;
                }
            }
            b'{' | b'[' => {
                depth += 1;
                at += 1;
            }
            b'}' | b']' => {
                if depth == 0 {
                    return at;
                }
                depth -= 1;
                at += 1;
                if depth == 0 {
                    return at;
                }
            }
            b',' | b':' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => return at,
            _ => at += 1,
        }
    }
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Byte offset of a serde_json error position in `text`: the end of what the reader had
/// consumed (or peeked) when it failed. Line and column are serde_json's: lines counted
/// from 1 by `\n`, the column counting bytes since the line's start.
pub(crate) fn offset_of(text: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].iter().position(|&byte| byte == b'\n') {
            Some(at) => start += at + 1,
            None => return text.len(),
        }
    }
    (start + column).min(text.len())
}

enum Frame {
    /// An object and the key of the member being read (none between members).
    Object { key: Option<String> },
    /// An array, the index of its current element, and whether that element has begun.
    Array { index: usize, begun: bool },
}

/// The JSON Pointer of the innermost value that `text[..end]` has begun (or just finished)
/// reading: the member or element the decoder was in when it stopped.
pub(crate) fn pointer_at(text: &[u8], end: usize) -> String {
    let text = &text[..end.min(text.len())];
    let mut frames: Vec<Frame> = Vec::new();
    // Containers opened beyond MAX_DEPTH, counted so that their closing is matched.
    let mut untracked = 0usize;
    let mut at = 0;
    while at < text.len() {
        let byte = text[at];
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b':' => at += 1,
            b'"' => {
                let close = string_end(text, at);
                if untracked == 0 {
                    match frames.last_mut() {
                        Some(Frame::Object { key }) if key.is_none() => {
                            // An unterminated key names no member yet.
                            if close <= text.len() {
                                *key = Some(unescape(&text[at..close]));
                            }
                        }
                        _ => begin_value(&mut frames),
                    }
                }
                at = close;
            }
            b'{' | b'[' => {
                if untracked == 0 {
                    begin_value(&mut frames);
                }
                if untracked > 0 || frames.len() == MAX_DEPTH {
                    untracked += 1;
                } else if byte == b'{' {
                    frames.push(Frame::Object { key: None });
                } else {
                    frames.push(Frame::Array {
                        index: 0,
                        begun: false,
                    });
                }
                at += 1;
            }
            b'}' | b']' => {
                if untracked > 0 {
                    untracked -= 1;
                } else {
                    let matching = match frames.last() {
                        Some(Frame::Object { .. }) => byte == b'}',
                        Some(Frame::Array { .. }) => byte == b']',
                        None => false,
                    };
                    if !matching {
                        // Where the text stops being JSON: the decoder stopped here.
                        break;
                    }
                    // The closed container stays its parent's current value until a comma.
                    frames.pop();
                }
                at += 1;
            }
            b',' => {
                if untracked == 0 {
                    match frames.last_mut() {
                        Some(Frame::Object { key }) => *key = None,
                        Some(Frame::Array { index, begun }) => {
                            *index += 1;
                            *begun = false;
                        }
                        None => {}
                    }
                }
                at += 1;
            }
            _ => {
                // A number, a literal, or bytes that are neither: one value up to the next
                // delimiter.
                if untracked == 0 {
                    begin_value(&mut frames);
                }
                at += 1;
                while at < text.len()
                    && !matches!(
                        text[at],
                        b' ' | b'\t'
                            | b'\n'
                            | b'\r'
                            | b','
                            | b':'
                            | b'"'
                            | b'{'
                            | b'}'
                            | b'['
                            | b']'
                    )
                {
                    at += 1;
                }
            }
        }
    }
    let mut pointer = String::new();
    for frame in &frames {
        match frame {
            Frame::Object { key: Some(key) } => {
                pointer.push('/');
                pointer.push_str(&escape(key));
            }
            Frame::Array { index, begun: true } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            _ => break,
        }
    }
    pointer
}

/// A value begins in the innermost container: in an array, that is its current element.
fn begin_value(frames: &mut [Frame]) {
    if let Some(Frame::Array { begun, .. }) = frames.last_mut() {
        *begun = true;
    }
}

/// The offset just past the string starting at `open` (its opening quote), or one past the
/// end of `text` when the string is not terminated.
fn string_end(text: &[u8], open: usize) -> usize {
    let mut at = open + 1;
    while at < text.len() {
        match text[at] {
            b'"' => return at + 1,
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
    text.len() + 1
}

/// The text of a quoted member name, escapes resolved; invalid text is kept as far as it can
/// be read, since the pointer only names where decoding stopped.
fn unescape(quoted: &[u8]) -> String {
    if !quoted.contains(&b'\\') {
        return String::from_utf8_lossy(&quoted[1..quoted.len() - 1]).into_owned();
    }
    serde_json::from_slice::<String>(quoted)
        .unwrap_or_else(|_| String::from_utf8_lossy(&quoted[1..quoted.len() - 1]).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, marker: &str) -> String {
        let end = text.find(marker).expect("marker") + marker.len();
        pointer_at(text.as_bytes(), end)
    }

    #[test]
    fn the_pointer_names_the_value_being_read() {
        let text = r#"{"a": {"b": [1, {"c": "x"}, 3]}, "d~/e": true}"#;
        assert_eq!(at(text, r#"{"a""#), "/a");
        assert_eq!(at(text, "[1"), "/a/b/0");
        assert_eq!(at(text, "[1,"), "/a/b");
        assert_eq!(at(text, r#""x""#), "/a/b/1/c");
        // A closed container is still the value being read until the next member.
        assert_eq!(at(text, r#""x"}"#), "/a/b/1");
        assert_eq!(at(text, "3]"), "/a/b");
        assert_eq!(at(text, "3]}"), "/a");
        assert_eq!(at(text, r#""d~/e""#), "/d~0~1e");
        assert_eq!(at(text, "true}"), "");
        assert_eq!(pointer_at(text.as_bytes(), 0), "");
    }

    #[test]
    fn escaped_and_unterminated_names() {
        assert_eq!(at(r#"{"a\"b\/c": 1"#, "1"), "/a\"b~1c");
        assert_eq!(at(r#"{"a\u0041": 1"#, ": 1"), "/aA");
        // A key cut short names no member: the object itself.
        assert_eq!(pointer_at(br#"{"x": {"ab"#, 10), "/x");
        // Bytes that are not JSON are read as a value where one is expected.
        assert_eq!(at(r#"{"children":x"#, "x"), "/children");
        assert_eq!(pointer_at(b"[\xff\xfe", 3), "/0");
    }

    #[test]
    fn deep_documents_are_located_within_a_bounded_path() {
        let deep = "[".repeat(MAX_DEPTH * 3);
        let pointer = pointer_at(deep.as_bytes(), deep.len());
        assert_eq!(pointer.matches('/').count(), MAX_DEPTH);
        let closed = format!(
            "{}{}, 7",
            "[".repeat(MAX_DEPTH + 5),
            "]".repeat(MAX_DEPTH + 4)
        );
        assert_eq!(pointer_at(closed.as_bytes(), closed.len()), "/1");
    }

    #[test]
    fn offsets_follow_serde_json_positions() {
        let text = b"{\n  \"a\": x\n}";
        let error = serde_json::from_slice::<serde_json::Value>(text).unwrap_err();
        let end = offset_of(text, error.line(), error.column());
        assert_eq!(&text[..end], b"{\n  \"a\": x");
        assert_eq!(pointer_at(text, end), "/a");
        assert_eq!(offset_of(text, 9, 1), text.len());
    }
}
