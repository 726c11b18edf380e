//! The server emitter (in progress: emits nothing yet).

use super::tree::OutputTree;
use super::Context;

/// The server emitter.
pub(crate) struct Server;

impl super::Emitter for Server {
    fn emit(&self, cx: &Context, _out: &mut OutputTree) {
        let Some(_feature) = &cx.server_feature else {
            return;
        };
    }
}
