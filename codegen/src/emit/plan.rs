//! One plan per operation, built once per API and read by every emitter that speaks HTTP
//! (the operation modules, and the server, client and mock emitters): the Rust names of the
//! `Response` variants and of the alternative bodies of a status, where parameters travel,
//! which security schemes apply, and which documented bodies can carry an error the
//! generated layer itself produces.

use crate::ir::{
    Api, MediaKind, Operation, Response, ResponseBody, SecurityScheme, StatusKey, TypeExpr,
    TypeExprKind, TypeKind,
};
use crate::naming::{self, Scope};

use super::tree::ModulePath;
use crate::analysis::TypeFacts;

/// Everything the HTTP emitters need to know about one operation.
pub(crate) struct OperationPlan<'a> {
    pub op: &'a Operation,
    /// The operation's module (`operations::<name>`).
    pub module: ModulePath,
    /// The request body: media kind, whether required, its type (JSON and form bodies).
    pub body: Option<BodyPlan<'a>>,
    /// Alternatives, each a set of schemes that must all be satisfied; empty when the
    /// operation needs no credentials.
    pub security: Vec<Vec<&'a SecurityScheme>>,
    /// One entry per documented status, in spec order.
    pub statuses: Vec<StatusPlan<'a>>,
}

/// A request body.
pub(crate) struct BodyPlan<'a> {
    pub media: MediaKind,
    pub content_type: &'a str,
    pub required: bool,
    pub ty: Option<&'a TypeExpr>,
}

/// One documented status of an operation.
pub(crate) struct StatusPlan<'a> {
    pub response: &'a Response,
    /// The variant of the operation's `Response` enum.
    pub variant: String,
    pub body: StatusBody<'a>,
}

impl StatusPlan<'_> {
    /// The media kind of a status whose body is not JSON but text or bytes (`text/plain`,
    /// `application/octet-stream`, …): its variant carries a `String` or a `Vec<u8>`.
    pub fn raw_media(&self) -> Option<MediaKind> {
        if !matches!(self.body, StatusBody::None) {
            return None;
        }
        self.response.alternatives.iter().find_map(|body| {
            body.media
                .filter(|m| matches!(m, MediaKind::Text | MediaKind::Bytes))
        })
    }
}

/// What a status carries.
pub(crate) enum StatusBody<'a> {
    /// No JSON body.
    None,
    /// One body type.
    One(&'a TypeExpr),
    /// Several distinct body types (`"400 (1)"`, `"400 (2)"`, …): an enum with one
    /// variant per type.
    Alternatives {
        /// The enum's name in the operation module.
        enum_name: String,
        /// Variant name, body type, and the documented bodies it stands for.
        variants: Vec<(String, &'a TypeExpr, Vec<&'a ResponseBody>)>,
    },
}

/// Where an error the generated layer produces (a failed validation, missing credentials,
/// a handler error) goes among the alternative bodies of its status, and when the body is
/// an error report (`x-violation-report`), its type.
pub(crate) struct ErrorBody<'a> {
    /// The alternative variant, when the status has several bodies.
    pub alternative: Option<&'a str>,
    /// The error-report type (a named type with `from_violations`), if the body is one.
    pub report_type: Option<&'a str>,
}

impl<'a> OperationPlan<'a> {
    pub fn new(api: &'a Api, op: &'a Operation) -> Self {
        let security = op
            .security
            .iter()
            .map(|alternative| {
                alternative
                    .iter()
                    .filter_map(|name| api.security_schemes.iter().find(|s| s.name.wire == *name))
                    .collect()
            })
            .collect();
        Self {
            op,
            module: ModulePath::root().child("operations").child(&op.name.rust),
            body: op.request_body.as_ref().map(|body| BodyPlan {
                media: body.media,
                content_type: &body.content_type,
                required: body.required,
                ty: body.ty.as_ref(),
            }),
            security,
            statuses: status_plans(op),
        }
    }

    /// The documented body for an error of `status` made by the generated layer, if the
    /// spec documents that status. Among several bodies, an error report wins.
    pub fn error_body(&self, facts: &TypeFacts<'a>, status: u16) -> Option<ErrorBody<'_>> {
        let plan = self
            .statuses
            .iter()
            .find(|s| s.response.status == StatusKey::Code(status))?;
        let report = |ty: &TypeExpr| match &ty.kind {
            TypeExprKind::Named(name) => facts
                .type_def(name)
                .filter(|t| matches!(&t.kind, TypeKind::Struct(s) if s.violation_report.is_some()))
                .map(|t| t.name.as_str()),
            _ => None,
        };
        let (alternative, report_type) = match &plan.body {
            StatusBody::None => (None, None),
            StatusBody::One(ty) => (None, report(ty)),
            StatusBody::Alternatives { variants, .. } => variants
                .iter()
                .find_map(|(name, ty, _)| Some((Some(name.as_str()), Some(report(ty)?))))
                .unwrap_or((None, None)),
        };
        Some(ErrorBody {
            alternative,
            report_type,
        })
    }
}

/// Names every status's variant and alternatives, the way the operation module declares
/// them.
fn status_plans(op: &Operation) -> Vec<StatusPlan<'_>> {
    let mut variant_names = Scope::with_reserved(&["Undocumented"]);
    let mut local_types = Scope::with_reserved(&["Response", "Params", "RequestBody", "INFO"]);
    op.responses
        .iter()
        .map(|response| {
            let status_name = naming::status_name(response.status);
            let variant = variant_names.take(&status_name);
            let mut distinct: Vec<(&TypeExpr, Vec<&ResponseBody>)> = Vec::new();
            for body in &response.alternatives {
                let Some(ty) = &body.ty else { continue };
                match distinct.iter_mut().find(|(t, _)| t.kind == ty.kind) {
                    Some((_, bodies)) => bodies.push(body),
                    None => distinct.push((ty, vec![body])),
                }
            }
            let body = match distinct.len() {
                0 => StatusBody::None,
                1 => StatusBody::One(distinct[0].0),
                _ => {
                    let enum_name = local_types.take(&status_name);
                    let mut names = Scope::default();
                    let variants = distinct
                        .into_iter()
                        .enumerate()
                        .map(|(index, (ty, bodies))| {
                            let name = match &ty.kind {
                                TypeExprKind::Named(n) => names.take(n),
                                _ => names.take(&format!("Body{}", index + 1)),
                            };
                            (name, ty, bodies)
                        })
                        .collect();
                    StatusBody::Alternatives {
                        enum_name,
                        variants,
                    }
                }
            };
            StatusPlan {
                response,
                variant,
                body,
            }
        })
        .collect()
}
