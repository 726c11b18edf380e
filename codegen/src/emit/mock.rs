//! The mock emitter (in progress: emits nothing yet).

use super::tree::OutputTree;
use super::Context;

/// The mock emitter.
pub(crate) struct Mock;

impl super::Emitter for Mock {
    fn emit(&self, cx: &Context, _out: &mut OutputTree) {
        let Some(_feature) = &cx.mock_feature else {
            return;
        };
    }
}
