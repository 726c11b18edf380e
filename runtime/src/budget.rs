//! A memory budget for decoding: what a decoded value may take is bounded by a multiple of
//! its document's size, and going past it is a located error (never an abort for want of
//! memory).
//!
//! Most of what a decoded value takes is proportional to its input, but not all: an empty
//! element (`<Bets/>`, 7 bytes) or an empty JSON object (`{}`, 2 bytes) of a type with many
//! optional members decodes to that type's whole inline size (hundreds of bytes), so a
//! document made of nothing else would take 40–100× its size. Decoders therefore *charge*
//! what they build against a budget of [`MEMORY_FACTOR`] × the document's length (at least
//! [`MEMORY_FLOOR`]): the XML reader the list items it adds (the capacity a list grows to),
//! the JSON decoder every object, list, member and item it reads (their inline size, and
//! a list's item once more for the room a growing list keeps), the catch-all its undeclared
//! members. Ordinary documents use a fraction of it (a Trade360 market update, about 6×).

use std::cell::Cell;
use std::fmt;
use std::mem::size_of;

use crate::json::locate::{self, Step};

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// How many times its document's size a decoded value may take (see the [module
/// documentation](self)); the document itself, and text copied from it, come on top.
pub const MEMORY_FACTOR: usize = 16;

/// The least budget any document has, so that small documents are never refused.
pub const MEMORY_FLOOR: usize = 1 << 20;

thread_local! {
    /// Bytes left to charge on this thread: `usize::MAX` when no decoding is budgeted.
    static LEFT: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// The budget of a document of `len` bytes.
pub(crate) fn budget_for(len: usize) -> usize {
    len.saturating_mul(MEMORY_FACTOR).max(MEMORY_FLOOR)
}

/// The budget of one document on this thread while it lives; a budget inside another
/// (a part decoded again) is at most what the outer one has left.
pub(crate) struct Scope {
    previous: usize,
}

impl Scope {
    pub(crate) fn new(len: usize) -> Self {
        let previous = LEFT.get();
        LEFT.set(previous.min(budget_for(len)));
        Scope { previous }
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        LEFT.set(self.previous);
    }
}

/// Charges `bytes` to the thread's budget: `false` when that would go past it.
#[inline]
pub(crate) fn charge(bytes: usize) -> bool {
    let left = LEFT.get();
    if bytes > left {
        return false;
    }
    LEFT.set(left - bytes);
    true
}

/// The message of a budget that ran out.
#[cold]
pub(crate) fn exceeded_message() -> String {
    format!(
        "the decoded document would take more memory than allowed ({MEMORY_FACTOR}× the document's size, at least {MEMORY_FLOOR} bytes): it holds too many empty or near-empty values for its size"
    )
}

#[cold]
fn exceeded<E: de::Error>() -> E {
    E::custom(exceeded_message())
}

/// A deserializer that charges what is built from it to the thread's budget, and otherwise
/// forwards everything to the deserializer it wraps.
pub(crate) struct Budgeted<D>(pub(crate) D);

/// A visitor whose value is charged (its inline size) when it is built from an object or a
/// list, and whose parts are read through [`Budgeted`].
struct Visiting<V>(V);

struct Seeded<S>(S);

/// A list read through [`Budgeted`], counting its items so that a failure inside one can
/// be located by its index ([`crate::json::locate`]).
struct Sequence<A> {
    access: A,
    index: usize,
}

/// An object read through [`Budgeted`], counting its members so that a failure inside one
/// can be located by its place in the object.
struct Members<A> {
    access: A,
    members: usize,
}

struct Variants<A>(A);

macro_rules! forward_deserialize {
    ($($method:ident),* $(,)?) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.0.$method(Visiting(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Budgeted<D> {
    type Error = D::Error;

    forward_deserialize!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    #[inline]
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_unit_struct(name, Visiting(visitor))
    }

    #[inline]
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_newtype_struct(name, Visiting(visitor))
    }

    #[inline]
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple(len, Visiting(visitor))
    }

    #[inline]
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0
            .deserialize_tuple_struct(name, len, Visiting(visitor))
    }

    #[inline]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_struct(name, fields, Visiting(visitor))
    }

    #[inline]
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, Visiting(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident: $ty:ty),* $(,)?) => {$(
        #[inline]
        fn $method<E: de::Error>(self, value: $ty) -> Result<Self::Value, E> {
            self.0.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Visiting<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward_visit!(
        visit_bool: bool,
        visit_i8: i8,
        visit_i16: i16,
        visit_i32: i32,
        visit_i64: i64,
        visit_i128: i128,
        visit_u8: u8,
        visit_u16: u16,
        visit_u32: u32,
        visit_u64: u64,
        visit_u128: u128,
        visit_f32: f32,
        visit_f64: f64,
        visit_char: char,
        visit_str: &str,
        visit_borrowed_str: &'de str,
        visit_string: String,
        visit_bytes: &[u8],
        visit_borrowed_bytes: &'de [u8],
        visit_byte_buf: Vec<u8>,
    );

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(Budgeted(deserializer))
    }

    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        self.0.visit_newtype_struct(Budgeted(deserializer))
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        if !charge(size_of::<V::Value>()) {
            return Err(exceeded());
        }
        self.0.visit_seq(Sequence {
            access: seq,
            index: 0,
        })
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        if !charge(size_of::<V::Value>()) {
            return Err(exceeded());
        }
        self.0.visit_map(Members {
            access: map,
            members: 0,
        })
    }

    #[inline]
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(Variants(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seeded<S> {
    type Value = S::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Budgeted(deserializer))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Sequence<A> {
    type Error = A::Error;

    /// An item is charged once more than its own build: the room a growing list keeps
    /// (up to as much again as it holds).
    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        if !charge(size_of::<T::Value>()) {
            return Err(locate::failed_in(Step::Element(self.index), exceeded()));
        }
        match self.access.next_element_seed(Seeded(seed)) {
            Ok(Some(item)) => {
                self.index += 1;
                Ok(Some(item))
            }
            Ok(None) => Ok(None),
            Err(error) => Err(locate::failed_in(Step::Element(self.index), error)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.access.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Members<A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if !charge(size_of::<K::Value>()) {
            return Err(locate::failed_in(Step::Member(self.members), exceeded()));
        }
        match self.access.next_key_seed(Seeded(seed)) {
            Ok(Some(key)) => {
                self.members += 1;
                Ok(Some(key))
            }
            Ok(None) => Ok(None),
            Err(error) => Err(locate::failed_in(Step::Member(self.members), error)),
        }
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let member = Step::Member(self.members.saturating_sub(1));
        if !charge(size_of::<V::Value>()) {
            return Err(locate::failed_in(member, exceeded()));
        }
        match self.access.next_value_seed(Seeded(seed)) {
            Ok(value) => Ok(value),
            Err(error) => Err(locate::failed_in(member, error)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.access.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Variants<A> {
    type Error = A::Error;
    type Variant = Variants<A::Variant>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), A::Error> {
        self.0
            .variant_seed(Seeded(seed))
            .map(|(value, variant)| (value, Variants(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variants<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    // A variant with content is an object of one member in JSON: `{"Variant": content}`.
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        match self.0.newtype_variant_seed(Seeded(seed)) {
            Ok(value) => Ok(value),
            Err(error) => Err(locate::failed_in(Step::Member(0), error)),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        match self.0.tuple_variant(len, Visiting(visitor)) {
            Ok(value) => Ok(value),
            Err(error) => Err(locate::failed_in(Step::Member(0), error)),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        match self.0.struct_variant(fields, Visiting(visitor)) {
            Ok(value) => Ok(value),
            Err(error) => Err(locate::failed_in(Step::Member(0), error)),
        }
    }
}
