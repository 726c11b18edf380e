//! One pass of a Trade360 JSON decoder over the corpus of `benches/feed/trade360.rs`, for
//! counting instructions (independent of the machine's load), in `measure` only:
//!
//! ```text
//! cargo build --release -p specgen-tests --example feed_json_instructions
//! valgrind --tool=callgrind --toggle-collect='*measure*' \
//!     target/release/examples/feed_json_instructions generated
//! ```
//!
//! Decoders: `plain` (serde_json `from_slice` into the bench's plain derive model),
//! `plain-text` (the same after one UTF-8 check, `from_str`), `generated`
//! (`Message::from_json`), `typed` (`FeedMessage::from_json`).
#![allow(dead_code)]
use std::hint::black_box;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

#[path = "../benches/feed/trade360.rs"]
mod trade360;

use lsports::trade360_feed::Message;

#[inline(never)]
fn measure(corpus: &[Vec<u8>], which: &str) {
    for json in corpus {
        match which {
            "plain" => drop(black_box(
                serde_json::from_slice::<trade360::plain::Message>(json).unwrap(),
            )),
            "plain-text" => drop(black_box(
                serde_json::from_str::<trade360::plain::Message>(
                    std::str::from_utf8(json).unwrap(),
                )
                .unwrap(),
            )),
            "generated" => drop(black_box(Message::from_json(json).unwrap())),
            "typed" => drop(black_box(
                lsports::trade360_feed::FeedMessage::from_json(json).unwrap(),
            )),
            other => panic!("unknown decoder `{other}`"),
        }
    }
}

fn main() {
    let corpus = trade360::corpus();
    let which = std::env::args()
        .nth(1)
        .expect("a decoder: plain, plain-text, generated, typed");
    measure(&corpus, &which);
}
