//! Writing: [`XmlWriter`], which generated encoders drive element by element, and the
//! escaping of text and attribute values.

use super::{Escape, ToXml, XmlEncodeError, XmlValue};

/// Writes UTF-8 XML into a byte buffer. Element and attribute names are written as given
/// (they come from the schema); values are escaped.
///
/// A start tag stays open until content follows, so an element without content is written
/// `<name/>`.
#[derive(Debug, Default, Clone)]
pub struct XmlWriter {
    out: Vec<u8>,
    /// A start tag is open (`<name attr="…"` without its `>`).
    open: bool,
    /// Where this writer's document starts in `out` (which may hold earlier output).
    from: usize,
}

impl XmlWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::with_capacity(4096)
    }

    /// An empty writer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self::from_vec(Vec::with_capacity(capacity))
    }

    /// A writer appending to `out`.
    pub fn from_vec(out: Vec<u8>) -> Self {
        let from = out.len();
        Self {
            out,
            open: false,
            from,
        }
    }

    /// The bytes written, unchecked: a string holding a character XML 1.0 does not allow
    /// was written as it is. [`finish`](Self::finish) checks.
    pub fn into_inner(mut self) -> Vec<u8> {
        self.close_start();
        self.out
    }

    /// The bytes written, once checked to hold only characters XML 1.0 allows (one pass over
    /// what this writer wrote; values are escaped as they are written, so nothing else can
    /// make the document ill-formed).
    pub fn finish(self) -> Result<Vec<u8>, XmlEncodeError> {
        let (out, result) = self.finish_keeping();
        result.map(|()| out)
    }

    /// [`finish`](Self::finish), giving the buffer back either way (without this writer's
    /// output when it fails).
    pub(crate) fn finish_keeping(mut self) -> (Vec<u8>, Result<(), XmlEncodeError>) {
        self.close_start();
        let from = self.from;
        match super::chars::first_forbidden(&self.out[from..]) {
            None => (self.out, Ok(())),
            Some((offset, character)) => {
                let path = super::reader::path_at(&self.out[from..], offset);
                self.out.truncate(from);
                let error = XmlEncodeError::Character {
                    path,
                    offset,
                    character,
                };
                (self.out, Err(error))
            }
        }
    }

    /// Writes `<?xml version="1.0" encoding="UTF-8"?>`.
    pub fn declaration(&mut self) {
        self.close_start();
        self.out
            .extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    }

    #[inline]
    fn close_start(&mut self) {
        if self.open {
            self.out.push(b'>');
            self.open = false;
        }
    }

    /// Opens element `name`; attributes may follow.
    #[inline]
    pub fn start(&mut self, name: &str) {
        self.close_start();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.open = true;
    }

    /// Writes an attribute of the element just started.
    #[inline]
    pub fn attr<T: XmlValue>(&mut self, name: &str, value: &T) {
        debug_assert!(self.open, "attribute `{name}` written outside a start tag");
        self.out.push(b' ');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"=\"");
        value.write_xml(&mut self.out, Escape::Attribute);
        self.out.push(b'"');
    }

    /// Writes text content.
    #[inline]
    pub fn text<T: XmlValue>(&mut self, value: &T) {
        self.close_start();
        value.write_xml(&mut self.out, Escape::Text);
    }

    /// Writes a string as text content.
    pub fn text_str(&mut self, text: &str) {
        self.close_start();
        escape_into(&mut self.out, text, Escape::Text);
    }

    /// Closes element `name` (`/>` when nothing was written inside it).
    #[inline]
    pub fn end(&mut self, name: &str) {
        if self.open {
            self.out.extend_from_slice(b"/>");
            self.open = false;
        } else {
            self.out.extend_from_slice(b"</");
            self.out.extend_from_slice(name.as_bytes());
            self.out.push(b'>');
        }
    }

    /// Writes `<name/>` (how a null is written).
    pub fn empty(&mut self, name: &str) {
        self.close_start();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"/>");
    }

    /// Writes `value` as element `name`.
    #[inline]
    pub fn element<T: ToXml + ?Sized>(&mut self, value: &T, name: &str) {
        value.to_xml(self, name);
    }

    /// Writes `value` as element `name` when it is present.
    #[inline]
    pub fn optional<T: ToXml + ?Sized>(&mut self, value: Option<&T>, name: &str) {
        if let Some(value) = value {
            value.to_xml(self, name);
        }
    }

    /// Writes `value` as element `name`, or `<name/>` for `None` (a null).
    #[inline]
    pub fn nullable<T: ToXml + ?Sized>(&mut self, value: Option<&T>, name: &str) {
        match value {
            Some(value) => value.to_xml(self, name),
            None => self.empty(name),
        }
    }

    /// An optional nullable member: nothing when absent, `<name/>` when null.
    #[inline]
    pub fn optional_nullable<T: ToXml + ?Sized>(&mut self, value: Option<Option<&T>>, name: &str) {
        if let Some(value) = value {
            self.nullable(value, name);
        }
    }

    /// Writes attribute `name` when the value is present.
    #[inline]
    pub fn optional_attr<T: XmlValue>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.attr(name, value);
        }
    }

    /// Writes the text content when it is present.
    #[inline]
    pub fn optional_text<T: XmlValue>(&mut self, value: Option<&T>) {
        if let Some(value) = value {
            self.text(value);
        }
    }

    /// Writes one element `name` per item. An empty list is written as one `<name/>` when
    /// `empty_as_null` (for a present-but-empty optional list whose items cannot be empty).
    #[inline]
    pub fn list<T: ToXml>(&mut self, items: &[T], name: &str, empty_as_null: bool) {
        if items.is_empty() && empty_as_null {
            self.empty(name);
        }
        for item in items {
            item.to_xml(self, name);
        }
    }

    /// Writes `value` as element `name` inside element `wrapper` (a message body).
    #[inline]
    pub fn wrapped<T: ToXml + ?Sized>(&mut self, wrapper: &str, value: &T, name: &str) {
        self.start(wrapper);
        value.to_xml(self, name);
        self.end(wrapper);
    }

    /// Writes one element `name` per item inside element `wrapper` (a message body).
    #[inline]
    pub fn wrapped_list<T: ToXml>(&mut self, wrapper: &str, items: &[T], name: &str) {
        self.start(wrapper);
        self.list(items, name, false);
        self.end(wrapper);
    }

    /// [`list`](Self::list) for a list member that may be absent.
    #[inline]
    pub fn optional_list<T: ToXml>(
        &mut self,
        items: Option<&[T]>,
        name: &str,
        empty_as_null: bool,
    ) {
        if let Some(items) = items {
            self.list(items, name, empty_as_null);
        }
    }

    /// Like [`list`](Self::list) for items that may be null (`<name/>`).
    #[inline]
    pub fn nullable_list<T: ToXml>(&mut self, items: &[Option<T>], name: &str) {
        for item in items {
            self.nullable(item.as_ref(), name);
        }
    }

    /// [`nullable_list`](Self::nullable_list) for a list member that may be absent.
    #[inline]
    pub fn optional_nullable_list<T: ToXml>(&mut self, items: Option<&[Option<T>]>, name: &str) {
        if let Some(items) = items {
            self.nullable_list(items, name);
        }
    }

    /// A list member that may be absent or null: nothing when absent, `<name/>` when null.
    #[inline]
    pub fn optional_list_or_null<T: ToXml>(
        &mut self,
        items: Option<Option<&[T]>>,
        name: &str,
        empty_as_null: bool,
    ) {
        match items {
            Some(Some(items)) => self.list(items, name, empty_as_null),
            Some(None) => self.empty(name),
            None => {}
        }
    }

    /// Writes markup as it is, unescaped: content kept verbatim from a decoded document
    /// (such as the body of a message of an unknown type).
    pub fn raw_markup(&mut self, markup: &str) {
        self.close_start();
        self.out.extend_from_slice(markup.as_bytes());
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }
}

/// Appends `text` to `out`, escaped for `escape`.
#[inline]
pub fn escape_into(out: &mut Vec<u8>, text: &str, escape: Escape) {
    let bytes = text.as_bytes();
    let needs = |b: u8| match escape {
        Escape::Text => matches!(b, b'&' | b'<' | b'>' | b'\r'),
        Escape::Attribute => matches!(b, b'&' | b'<' | b'>' | b'"' | b'\r' | b'\n' | b'\t'),
    };
    let mut from = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if !needs(byte) {
            continue;
        }
        out.extend_from_slice(&bytes[from..at]);
        out.extend_from_slice(match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\r' => b"&#xD;",
            b'\n' => b"&#xA;",
            _ => b"&#x9;",
        });
        from = at + 1;
    }
    out.extend_from_slice(&bytes[from..]);
}
