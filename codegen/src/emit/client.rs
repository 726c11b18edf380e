//! The client emitter (in progress: emits nothing yet).

use super::tree::OutputTree;
use super::Context;

/// The client emitter.
pub(crate) struct Client;

impl super::Emitter for Client {
    fn emit(&self, cx: &Context, _out: &mut OutputTree) {
        let Some(_feature) = &cx.client_feature else {
            return;
        };
    }
}
