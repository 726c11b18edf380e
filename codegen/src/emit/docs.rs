//! Spec text → `#[doc]` attributes that rustdoc and clippy read as intended.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` lines for `text` (nothing for `None`).
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let lines = sanitize(text);
    quote! { #( #[doc = #lines] )* }
}

/// Makes spec prose safe as Markdown in rustdoc: brackets and angle brackets are escaped
/// (they are not intra-doc links or HTML), bare URLs are wrapped, and lines continuing a
/// list item are indented so they are not "lazy continuations".
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Within a list item: the width of its marker (`- `, `12. `), which its continuation
    // lines are indented by.
    let mut in_list_item: Option<usize> = None;
    // A bare carriage return is a compile error in a doc comment, and a tab trips clippy's
    // `tabs_in_doc_comments`: normalize both before anything else.
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        let marker = if trimmed.starts_with("- ") || trimmed.starts_with("* ") {
            Some(2)
        } else {
            trimmed
                .split_once(". ")
                .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .map(|(n, _)| n.len() + 2)
        };
        let mut rendered = escape(trimmed);
        if trimmed.is_empty() {
            in_list_item = None;
        } else if marker.is_some() {
            in_list_item = marker;
        } else if let Some(width) = in_list_item {
            rendered = format!("{}{rendered}", " ".repeat(width));
        }
        out.push(if rendered.is_empty() {
            String::new()
        } else {
            format!(" {rendered}")
        });
    }
    out
}

fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split_inclusive(' ') {
        let bare = word.trim_end();
        if bare.starts_with("http://") || bare.starts_with("https://") {
            let (url, trailing) = bare.split_at(bare.trim_end_matches(['.', ',', ';', ')']).len());
            out.push('<');
            out.push_str(url);
            out.push('>');
            out.push_str(trailing);
            out.push_str(&word[bare.len()..]);
            continue;
        }
        for c in word.chars() {
            if matches!(c, '[' | ']' | '<' | '>') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_hazards() {
        assert_eq!(
            sanitize("See [x] <b> https://a.b/c."),
            [" See \\[x\\] \\<b\\> <https://a.b/c>."]
        );
        assert_eq!(
            sanitize("- one\ncontinued\n\nafter"),
            [" - one", "   continued", "", " after"]
        );
        assert_eq!(sanitize("  indented code?\n"), [" indented code?"]);
        // A numbered item's continuation is indented past its number.
        assert_eq!(sanitize("10. ten\n  (more)"), [" 10. ten", "     (more)"]);
        assert_eq!(sanitize("a\tb\rc"), [" a    b", " c"]);
    }
}
