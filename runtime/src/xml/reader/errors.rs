//! The reader's errors: each names the element path, byte offset, line and column. The
//! happy path keeps only a stack of start-tag offsets; the path (with sibling indexes) and
//! the line and column are worked out here, when an error is built.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{Frame, XmlReader};
use crate::xml::error::{excerpt_bytes, XmlErrorDetail};
use crate::xml::XmlError;

impl<'a> XmlReader<'a> {
    /// An error at the current element's start tag (the element just returned, being read,
    /// or just finished).
    #[cold]
    pub fn error(&self, message: impl Into<String>) -> XmlError {
        let offset = self.current().map_or(self.position(), |frame| frame.start);
        self.error_at(offset, message)
    }

    /// An error at byte `offset`, with the current element path.
    #[cold]
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> XmlError {
        let (line, column) = line_column(self.input, offset);
        XmlError(Box::new(XmlErrorDetail {
            path: self.path(),
            offset,
            line,
            column,
            message: message.into(),
        }))
    }

    #[cold]
    pub(super) fn unclosed_tag(&self, at: usize) -> XmlError {
        self.error_at(
            at,
            "syntax error: tag not closed: `>` not found before end of input",
        )
    }

    pub(super) fn unexpected(&self, event: &Event<'a>) -> XmlError {
        match event {
            Event::Eof => match self.frames.last() {
                Some(_) => self.error_at(
                    self.input.len(),
                    format!(
                        "unexpected end of document: element `{}` is not closed",
                        self.current_name()
                    ),
                ),
                None => self.error_at(self.input.len(), "unexpected end of document"),
            },
            Event::Decl(_) => self.error_at(
                self.position(),
                "an XML declaration is only allowed at the start of the document",
            ),
            Event::Text(text) => self.error_at(
                self.offset_of(text).unwrap_or(self.position()),
                "unexpected text",
            ),
            Event::End(_) => self.error_at(self.position(), "unexpected end tag"),
            _ => self.error_at(self.position(), "unexpected markup"),
        }
    }

    pub(super) fn too_deep(&self) -> XmlError {
        let offset = self.current().map_or(self.position(), |frame| frame.start);
        self.too_deep_at(offset)
    }

    /// The depth limit crossed by the start tag at `offset`.
    pub(super) fn too_deep_at(&self, offset: usize) -> XmlError {
        self.error_at(
            offset,
            format!(
                "elements nest deeper than the limit of {} (XmlOptions::max_depth)",
                self.options.max_depth
            ),
        )
    }

    /// A character XML 1.0 does not allow, at `offset` (found before anything was read):
    /// located with the path of the element it is in, worked out here.
    #[cold]
    pub(super) fn forbidden_character(&mut self, offset: usize, character: char) -> XmlError {
        self.frames = self.frames_at(offset);
        let hint = if character == '\0' {
            " (a NUL byte: is the document UTF-16 without a byte order mark? Only UTF-8 is supported)"
        } else {
            ""
        };
        let error = self.error_at(
            offset,
            format!(
                "character {} is not allowed in XML 1.0 (outside its Char production){hint}",
                crate::xml::chars::code_point(character)
            ),
        );
        self.frames.clear();
        error
    }

    /// The elements open at `offset` (the one whose start tag holds it included), as far as
    /// the document can be read up to there.
    pub(super) fn frames_at(&self, offset: usize) -> Vec<Frame> {
        let mut frames = Vec::new();
        let mut scan = Reader::from_reader(self.input);
        scan.config_mut().check_end_names = false;
        loop {
            let event = scan.read_event();
            let contains = usize::try_from(scan.buffer_position()).unwrap_or(usize::MAX) > offset;
            let frame = |start: &quick_xml::events::BytesStart<'_>| Frame {
                start: self.offset_of(start).map_or(0, |o| o.saturating_sub(1)),
                name_len: start.name().as_ref().len(),
                empty: false,
            };
            match &event {
                Ok(Event::Start(start)) => frames.push(frame(start)),
                Ok(Event::Empty(start)) if contains => frames.push(frame(start)),
                Ok(Event::End(_)) if !contains => {
                    frames.pop();
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            if contains {
                break;
            }
        }
        frames
    }

    /// The element errors are reported on: the one just finished, else the innermost open.
    pub(super) fn current(&self) -> Option<Frame> {
        self.closed.or_else(|| self.frames.last().copied())
    }

    pub(super) fn current_name(&self) -> String {
        match self.current() {
            Some(frame) => excerpt_bytes(self.name_of(frame)),
            None => String::new(),
        }
    }

    pub(super) fn name_of(&self, frame: Frame) -> &'a [u8] {
        let input: &'a [u8] = self.input;
        input
            .get(frame.start + 1..frame.start + 1 + frame.name_len)
            .unwrap_or_default()
    }

    /// The element path, built from the start-tag offsets on the stack.
    pub(super) fn path(&self) -> String {
        let frames: Vec<Frame> = self.frames.iter().copied().chain(self.closed).collect();
        if frames.is_empty() {
            return "/".to_owned();
        }
        let mut path = String::new();
        for (index, frame) in frames.iter().enumerate() {
            path.push('/');
            path.push_str(&excerpt_bytes(self.name_of(*frame)));
            if index > 0 {
                if let Some((position, total)) = self.sibling_position(frames[index - 1], *frame) {
                    if total > 1 {
                        path.push_str(&format!("[{position}]"));
                    }
                }
            }
        }
        path
    }

    /// The 1-based position of `child` among the children of `parent` with the same name,
    /// and how many there are (as far as the document can be read).
    fn sibling_position(&self, parent: Frame, child: Frame) -> Option<(usize, usize)> {
        let name = self.name_of(child);
        let mut scan = Reader::from_reader(self.input.get(parent.start..)?);
        scan.config_mut().check_end_names = false;
        match scan.read_event() {
            Ok(Event::Start(_)) => {}
            _ => return None,
        }
        let (mut depth, mut total, mut position) = (0usize, 0usize, None);
        loop {
            let (start, empty) = match scan.read_event() {
                Ok(Event::Start(start)) => (start, false),
                Ok(Event::Empty(start)) => (start, true),
                Ok(Event::End(_)) if depth == 0 => break,
                Ok(Event::End(_)) => {
                    depth -= 1;
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => continue,
            };
            if depth == 0 && start.name().as_ref() == name {
                total += 1;
                if self.offset_of(&start).map(|o| o.saturating_sub(1)) == Some(child.start) {
                    position = Some(total);
                }
            }
            if !empty {
                depth += 1;
            }
        }
        position.map(|position| (position, total))
    }
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_column(input: &[u8], offset: usize) -> (usize, usize) {
    let before = &input[..offset.min(input.len())];
    // memchr: an error near the end of a document at the size limit stays cheap to locate.
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |at| at + 1);
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let column = before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
        + 1;
    (line, column)
}
