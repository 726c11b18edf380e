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
    /// Members are asked about through [`TypeFacts::boxes_member`], which adds the
    /// optional-struct rule ([`Api::boxed_optional_structs`]); union alternatives are boxed
    /// by this set alone.
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

    /// Whether member `field` of struct `owner` is held in a `Box`: when its type leads back
    /// to the owner by value (recursion), or when the API boxes optional structs
    /// ([`Api::boxed_optional_structs`]) and the member is an `Option` (not required, or
    /// nullable) of a struct that is not a list wrapper. Every emitter asks this one
    /// question, so the model, the codecs, validation and dispatch agree on the Rust type.
    pub fn boxes_member(&self, owner: &str, field: &Field) -> bool {
        let TypeExprKind::Named(target) = &field.ty.kind else {
            return false;
        };
        if self.boxed.contains(&(owner.to_owned(), target.clone())) {
            return true;
        }
        self.api.boxed_optional_structs
            && (!field.required || field.ty.nullable)
            && self.is_object_struct(target)
    }

    /// Whether `name` is a struct with an object form (directly or through plain aliases),
    /// not a list wrapper: the types whose inline size grows with their members.
    fn is_object_struct(&self, name: &str) -> bool {
        let mut name = name;
        // Alias chains are finite (recursive aliases are newtypes, not followed here); the
        // bound only guards against a malformed IR.
        for _ in 0..=self.api.types.len() {
            match self.type_def(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => return !s.json_array,
                Some(TypeKind::Alias(TypeExpr {
                    kind: TypeExprKind::Named(next),
                    nullable: false,
                    ..
                })) if !self.recursive_aliases.contains(name) => name = next,
                _ => return false,
            }
        }
        false
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
