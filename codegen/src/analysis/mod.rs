//! The analysis stage, between the IR and the emitters: facts about the API's types computed
//! once (an index by name, which member edges are boxed, which aliases are recursive, which
//! types have a `Default`), so that no emitter re-derives them with a walk of its own.

mod recursion;

use std::collections::{BTreeSet, HashMap};

use crate::ir::{Api, Field, Scalar, TypeDef, TypeExpr, TypeExprKind, TypeKind};

/// Facts about the types of one API.
pub(crate) struct TypeFacts<'a> {
    api: &'a Api,
    /// Rust type name → index into `api.types`.
    index: HashMap<&'a str, usize>,
    /// `(owner, member type)` edges held in a `Box` so recursive types have a finite size.
    pub boxed: BTreeSet<(String, String)>,
    /// Aliases that refer to themselves (`A` = array of `A`): emitted as newtype structs.
    pub recursive_aliases: BTreeSet<String>,
    /// Types whose every required member has a default (they derive `Default`).
    defaults: BTreeSet<String>,
}

impl<'a> TypeFacts<'a> {
    /// Computes every fact for `api`.
    pub fn new(api: &'a Api) -> Self {
        let index = api
            .types
            .iter()
            .enumerate()
            .map(|(i, ty)| (ty.name.as_str(), i))
            .collect();
        let mut facts = Self {
            api,
            index,
            boxed: recursion::boxed_edges(api),
            recursive_aliases: recursion::recursive_aliases(api),
            defaults: BTreeSet::new(),
        };
        facts.defaults = api
            .types
            .iter()
            .filter(|ty| facts.type_has_default(ty))
            .map(|ty| ty.name.clone())
            .collect();
        facts
    }

    /// The type named `name` (its Rust name).
    pub fn type_def(&self, name: &str) -> Option<&'a TypeDef> {
        self.index.get(name).map(|&i| &self.api.types[i])
    }

    /// Whether the struct (or newtype) `name` derives `Default`.
    pub fn derives_default(&self, name: &str) -> bool {
        self.defaults.contains(name)
    }

    fn type_has_default(&self, ty: &TypeDef) -> bool {
        let seen = &mut vec![ty.name.clone()];
        match &ty.kind {
            TypeKind::Struct(s) => s.fields.iter().all(|f| self.field_has_default(f, seen)),
            TypeKind::Alias(expr) => self.has_default(expr, seen),
            TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Json(_) => false,
        }
    }

    /// Whether a value of `expr` has a default; a type met again on the way (a recursive
    /// member, which is optional or a list) counts as having one.
    fn has_default(&self, expr: &TypeExpr, seen: &mut Vec<String>) -> bool {
        if expr.nullable {
            return true;
        }
        match &expr.kind {
            TypeExprKind::Named(name) => {
                if seen.contains(name) {
                    return true;
                }
                seen.push(name.clone());
                let result = match self.type_def(name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => {
                        s.fields.iter().all(|f| self.field_has_default(f, seen))
                    }
                    Some(TypeKind::Alias(inner)) => self.has_default(inner, seen),
                    _ => false,
                };
                seen.pop();
                result
            }
            TypeExprKind::Scalar(Scalar::DateTime | Scalar::Date) => false,
            _ => true,
        }
    }

    fn field_has_default(&self, field: &Field, seen: &mut Vec<String>) -> bool {
        !field.required || self.has_default(&field.ty, seen)
    }
}
