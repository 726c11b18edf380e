//! Which member edges need a `Box` so that recursive types have a finite size.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, TypeExpr, TypeExprKind, TypeKind};

/// `(owner, member type)` pairs where the owner contains the member type by value and the
/// member type can reach the owner again by value: each such edge is boxed.
pub fn boxed_edges(api: &Api) -> BTreeSet<(String, String)> {
    let mut direct: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for ty in &api.types {
        // Map and list values live on the heap already; only inline members count.
        let members: Vec<&TypeExpr> = match &ty.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(expr) => vec![expr],
            // A JSON-value type holds its parts as JSON, not as Rust members.
            TypeKind::Enum(_) | TypeKind::Json(_) => Vec::new(),
        };
        let targets = direct.entry(ty.name.as_str()).or_default();
        targets.extend(members.into_iter().filter_map(by_value));
    }
    let mut boxed = BTreeSet::new();
    for (owner, targets) in &direct {
        for target in targets {
            if reaches(&direct, target, owner) {
                boxed.insert(((*owner).to_owned(), (*target).to_owned()));
            }
        }
    }
    boxed
}

/// Aliases whose definition leads back to themselves through other aliases (`A` = array
/// of `A`, or `A` = map of `B` with `B` = array of `A`). A Rust type alias cannot be
/// recursive, so these are emitted as newtype structs. (Cycles of bare references, with no
/// array or map between, have no finite shape; the front-end rejects them.)
pub fn recursive_aliases(api: &Api) -> BTreeSet<String> {
    let aliases: BTreeMap<&str, &TypeExpr> = api
        .types
        .iter()
        .filter_map(|ty| match &ty.kind {
            TypeKind::Alias(expr) => Some((ty.name.as_str(), expr)),
            _ => None,
        })
        .collect();
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, expr) in &aliases {
        let mut names = BTreeSet::new();
        named_in(expr, &mut names);
        names.retain(|target| aliases.contains_key(target));
        graph.insert(name, names);
    }
    graph
        .iter()
        .filter(|(name, targets)| targets.iter().any(|t| reaches(&graph, t, name)))
        .map(|(name, _)| (*name).to_owned())
        .collect()
}

/// Every named type an expression mentions, through lists and maps.
fn named_in<'a>(expr: &'a TypeExpr, out: &mut BTreeSet<&'a str>) {
    match &expr.kind {
        TypeExprKind::Named(name) => {
            out.insert(name);
        }
        TypeExprKind::Array(inner) | TypeExprKind::Map(inner) => named_in(inner, out),
        TypeExprKind::Scalar(_) | TypeExprKind::Any => {}
    }
}

/// The named type an expression holds inline (through `Option`, not through `Vec` or maps).
fn by_value(expr: &TypeExpr) -> Option<&str> {
    match &expr.kind {
        TypeExprKind::Named(name) => Some(name),
        _ => None,
    }
}

fn reaches(graph: &BTreeMap<&str, BTreeSet<&str>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if seen.insert(node) {
            if let Some(next) = graph.get(node) {
                stack.extend(next.iter().copied());
            }
        }
    }
    false
}
