//! Arbitrary bytes as an XML feed message of either feed: decoding never panics, and what
//! decodes round-trips. The first byte picks the feed.
//!
//! Properties, for the `Message` root type and for the typed `FeedMessage`:
//! - XML → value → XML → value: the second encoding equals the first (encodings are compared
//!   rather than values so that a NaN, which is not equal to itself, still counts as kept);
//! - XML → value → JSON → value → XML: the same XML as encoding the first value.

#![no_main]

use libfuzzer_sys::fuzz_target;
use lsports::{odds_service_feed as odds, trade360_feed as trade360};

macro_rules! check_feed {
    ($feed:ident, $data:expr) => {{
        let data = $data;
        if let Ok(message) = $feed::Message::from_xml(data) {
            // What decodes from XML holds only characters XML allows: it encodes.
            let xml = message
                .to_xml()
                .unwrap_or_else(|e| panic!("a decoded message does not encode: {e}"));
            let again = $feed::Message::from_xml(&xml)
                .unwrap_or_else(|e| panic!("re-encoded XML does not decode: {e}"));
            assert_eq!(
                xml,
                again.to_xml().expect("encodes"),
                "XML round trip changed the message"
            );
            let json = message.to_json();
            let from_json = $feed::Message::from_json(&json)
                .unwrap_or_else(|e| panic!("the JSON form does not decode: {e}"));
            assert_eq!(
                xml,
                from_json.to_xml().expect("encodes"),
                "XML → JSON → XML changed the message"
            );
        }
        if let Ok(message) = $feed::FeedMessage::from_xml(data) {
            if let Ok(xml) = message.to_xml() {
                let again = $feed::FeedMessage::from_xml(&xml)
                    .unwrap_or_else(|e| panic!("re-encoded XML does not decode: {e}"));
                assert_eq!(Ok(xml.clone()), again.to_xml(), "typed XML round trip");
                if let Ok(json) = message.to_json() {
                    let from_json = $feed::FeedMessage::from_json(&json)
                        .unwrap_or_else(|e| panic!("the JSON form does not decode: {e}"));
                    // An unknown code keeps its body in the form it arrived in, so only a
                    // known one can be written back as XML.
                    if let Ok(back) = from_json.to_xml() {
                        assert_eq!(xml, back, "typed XML → JSON → XML changed the message");
                    }
                }
            }
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, data)) = data.split_first() else {
        return;
    };
    if selector % 2 == 0 {
        check_feed!(odds, data);
    } else {
        check_feed!(trade360, data);
    }
});
