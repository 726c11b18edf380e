//! The JSON side of dispatch: the content a code carries, found in the body member (or the
//! bare list some producers send), and a message written back as header and body members.

use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::xml::content::JsonContent;
use crate::DecodeError;

/// Whether a JSON body is absent in effect: `null`, `{}` or `[]`.
pub fn json_is_empty(body: Option<&RawValue>) -> bool {
    body.is_none_or(|raw| {
        let text: String = raw.get().split_whitespace().collect();
        matches!(text.as_str(), "null" | "{}" | "[]")
    })
}

/// The body content a code carries, from the JSON body: either the body object's member
/// (`pick`), or, when the body is an array and the content is a list, the body itself (the
/// bare form some producers send: `"Body": [...]`). `None` when the body is absent or null.
///
/// `pointer` is the body's JSON Pointer; errors are located below it, with the line and
/// column in `document` (which `body` is borrowed from). The XML decoder's content rules
/// apply ([`JsonContent`]), as in the generated `from_json` of a root type.
pub fn json_content<B, C>(
    document: &[u8],
    body: Option<&RawValue>,
    pointer: &str,
    member: &str,
    content_is_list: bool,
    pick: impl FnOnce(B) -> Option<C>,
) -> Result<Option<C>, DecodeError>
where
    B: DeserializeOwned + JsonContent,
    C: DeserializeOwned + JsonContent,
{
    let Some(raw) = body else {
        return Ok(None);
    };
    let text = raw.get().trim_start();
    if text.starts_with("null") {
        return Ok(None);
    }
    // Where the body's text is in the document, for the line and column of its errors.
    let at = (raw.get().as_ptr() as usize).wrapping_sub(document.as_ptr() as usize);
    let located = |error: DecodeError| {
        if at <= document.len() {
            error.relocated(pointer, document, at)
        } else {
            error.within(pointer)
        }
    };
    let mut inner = pointer.to_owned();
    if text.starts_with('[') {
        if !content_is_list {
            return Err(DecodeError::new(
                pointer,
                format!("the body is an array, but this message carries `{member}`, which is not a list"),
            ));
        }
        let mut content = crate::json::from_json_str_unlimited::<C>(raw.get()).map_err(located)?;
        content.json_content(&mut inner)?;
        return Ok(Some(content));
    }
    let mut body = crate::json::from_json_str_unlimited::<B>(raw.get()).map_err(located)?;
    body.json_content(&mut inner)?;
    Ok(pick(body))
}

/// What a generated message writes as its JSON body.
#[derive(Debug)]
pub enum JsonBody<'a, C> {
    /// No body member.
    Absent,
    /// The content itself is the body (`"Body": [...]`).
    Bare(&'a C),
    /// The body is an object with the content as its one member (`"Body": {"Events": …}`).
    Member(&'a str, &'a C),
    /// A body kept as received.
    Raw(&'a RawValue),
}

/// Encodes a dispatched message: `{header_name: header, body_name: body}`.
pub fn json_message<H: Serialize, C: Serialize>(
    header_name: &str,
    header: &H,
    body_name: &str,
    body: JsonBody<'_, C>,
) -> Vec<u8> {
    struct Message<'a, H, C> {
        header_name: &'a str,
        header: &'a H,
        body_name: &'a str,
        body: JsonBody<'a, C>,
    }
    struct Member<'a, C>(&'a str, &'a C);
    impl<C: Serialize> Serialize for Member<'_, C> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry(self.0, self.1)?;
            map.end()
        }
    }
    impl<H: Serialize, C: Serialize> Serialize for Message<'_, H, C> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let present = !matches!(self.body, JsonBody::Absent);
            let mut map = serializer.serialize_map(Some(1 + usize::from(present)))?;
            map.serialize_entry(self.header_name, self.header)?;
            match &self.body {
                JsonBody::Absent => {}
                JsonBody::Bare(content) => map.serialize_entry(self.body_name, content)?,
                JsonBody::Member(member, content) => {
                    map.serialize_entry(self.body_name, &Member(member, *content))?
                }
                JsonBody::Raw(raw) => map.serialize_entry(self.body_name, raw)?,
            }
            map.end()
        }
    }
    serde_json::to_vec(&Message {
        header_name,
        header,
        body_name,
        body,
    })
    .expect("generated models always serialize")
}
