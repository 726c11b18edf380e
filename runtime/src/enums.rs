// The generic parameters and the visitor below have `__` names so that they cannot shadow
// the enum: a schema named `E`, `D`, `S` or `Visitor` must work too (serde does the same).

/// Implements serde, `Display` and `FromStr` for a generated open string enum.
///
/// The enum must provide `fn as_str(&self) -> &str` and `fn from_wire(&str) -> Self`, where
/// `from_wire` maps values the spec does not list to its `Unknown(String)` variant: decoding
/// never fails on a new value, and the value is re-encoded unchanged.
#[macro_export]
macro_rules! impl_string_enum {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                Ok(Self::from_wire(value))
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<__S: $crate::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl $crate::serde::de::Visitor<'_> for __Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<__E: $crate::serde::de::Error>(
                        self,
                        value: &str,
                    ) -> ::core::result::Result<$name, __E> {
                        Ok($name::from_wire(value))
                    }
                }
                deserializer.deserialize_str(__Visitor)
            }
        }
    };
}

/// Implements serde and `Display` for a generated open integer code table.
///
/// The enum must provide `fn code(&self) -> i64` and `fn from_code(i64) -> Self`, where
/// `from_code` maps codes the spec does not document to its `Unknown(i64)` variant.
#[macro_export]
macro_rules! impl_int_enum {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.code(), f)
            }
        }

        impl ::core::convert::From<i64> for $name {
            fn from(code: i64) -> Self {
                Self::from_code(code)
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<__S: $crate::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_i64(self.code())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                <i64 as $crate::serde::Deserialize>::deserialize(deserializer).map(Self::from_code)
            }
        }
    };
}

/// The inherent impl, serde, `Display`, `FromStr` and, behind the calling crate's cargo
/// feature `$feature`, the `schemars::JsonSchema` impl of a generated open string enum with
/// an `Unknown(String)` variant: `open_string_enum!(Name, "feature" { Variant = "wire", … })`
/// (without `, "feature"` when no schemars impl is wanted). Used by generated code, which
/// defines the enum itself, documented from the spec.
#[doc(hidden)]
#[macro_export]
macro_rules! open_string_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// Every value the spec lists, in spec order.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }

            /// Reads a wire value; values the spec does not list become `Unknown`.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// Whether the value is one the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        $crate::impl_string_enum!($name);
    };
    ($name:ident, $feature:tt { $($variant:ident = $wire:literal),* $(,)? }) => {
        $crate::open_string_enum!($name { $($variant = $wire),* });
        $crate::enum_schema!($feature, $name, { "type": "string", "enum": [$($wire),*] });
    };
}

/// The inherent impl, serde, `Display`, `From<i64>` and, behind the calling crate's cargo
/// feature `$feature`, the `schemars::JsonSchema` impl of a generated integer code table with
/// an `Unknown(i64)` variant: `open_int_enum!(Name, "feature", closed { Variant = 1, … })`
/// (`open` for a table whose schema admits any integer; without `, "feature", …` when no
/// schemars impl is wanted). Used by generated code, which defines the enum itself,
/// documented from the spec.
#[doc(hidden)]
#[macro_export]
macro_rules! open_int_enum {
    ($name:ident { $($variant:ident = $code:literal),* $(,)? }) => {
        impl $name {
            /// Every code the spec documents, in spec order.
            pub const CODES: &'static [i64] = &[$($code),*];

            /// The code as written on the wire.
            pub fn code(&self) -> i64 {
                match self {
                    $(Self::$variant => $code,)*
                    Self::Unknown(code) => *code,
                }
            }

            /// Reads a wire code; codes the spec does not document become `Unknown`.
            pub fn from_code(code: i64) -> Self {
                match code {
                    $($code => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }

            /// Whether the code is one the spec documents.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        $crate::impl_int_enum!($name);
    };
    ($name:ident, $feature:tt, closed { $($variant:ident = $code:literal),* $(,)? }) => {
        $crate::open_int_enum!($name { $($variant = $code),* });
        $crate::enum_schema!($feature, $name, { "type": "integer", "enum": [$($code),*] });
    };
    ($name:ident, $feature:tt, open { $($variant:ident = $code:literal),* $(,)? }) => {
        $crate::open_int_enum!($name { $($variant = $code),* });
        $crate::enum_schema!($feature, $name, { "type": "integer" });
    };
}

/// The `schemars::JsonSchema` impl of a generated enum, behind the calling crate's cargo
/// feature `$feature`: its JSON Schema is written out, since a derive would describe the
/// `Unknown` variant. Used by [`open_string_enum!`] and [`open_int_enum!`].
#[doc(hidden)]
#[macro_export]
macro_rules! enum_schema {
    ($feature:tt, $name:ident, $schema:tt) => {
        #[cfg(feature = $feature)]
        impl $crate::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::core::stringify!($name).into()
            }

            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                ::core::concat!(::core::module_path!(), "::", ::core::stringify!($name)).into()
            }

            fn json_schema(_: &mut $crate::schemars::SchemaGenerator) -> $crate::schemars::Schema {
                $crate::schemars::json_schema!($schema)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq)]
    enum Colour {
        Red,
        Unknown(String),
    }

    impl Colour {
        fn as_str(&self) -> &str {
            match self {
                Self::Red => "red",
                Self::Unknown(value) => value,
            }
        }
        fn from_wire(value: &str) -> Self {
            match value {
                "red" => Self::Red,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }
    crate::impl_string_enum!(Colour);

    #[derive(Debug, PartialEq)]
    enum Status {
        Open,
        Unknown(i64),
    }

    impl Status {
        fn code(&self) -> i64 {
            match self {
                Self::Open => 1,
                Self::Unknown(code) => *code,
            }
        }
        fn from_code(code: i64) -> Self {
            match code {
                1 => Self::Open,
                other => Self::Unknown(other),
            }
        }
    }
    crate::impl_int_enum!(Status);

    #[test]
    fn unknown_values_survive_a_round_trip() {
        let colour: Colour = serde_json::from_str("\"teal\"").unwrap();
        assert_eq!(colour, Colour::Unknown("teal".into()));
        assert_eq!(serde_json::to_string(&colour).unwrap(), "\"teal\"");
        let status: Status = serde_json::from_str("99").unwrap();
        assert_eq!(status, Status::Unknown(99));
        assert_eq!(serde_json::to_string(&status).unwrap(), "99");
        assert_eq!(serde_json::from_str::<Status>("1").unwrap(), Status::Open);
    }

    #[derive(Debug, PartialEq)]
    enum Shade {
        Light,
        DarkBlue,
        Unknown(String),
    }
    crate::open_string_enum!(Shade { Light = "light", DarkBlue = "dark-blue" });

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Level {
        Low,
        High,
        Unknown(i64),
    }
    crate::open_int_enum!(Level { Low = -1, High = 10 });

    #[test]
    fn generated_enum_impls_map_wire_values() {
        assert_eq!(Shade::VALUES, ["light", "dark-blue"]);
        assert_eq!(Shade::from_wire("dark-blue"), Shade::DarkBlue);
        assert_eq!(Shade::DarkBlue.as_str(), "dark-blue");
        assert!(!Shade::from_wire("teal").is_known() && Shade::Light.is_known());
        assert_eq!(Shade::from_wire("teal").to_string(), "teal");
        assert_eq!(
            serde_json::from_str::<Shade>("\"light\"").unwrap(),
            Shade::Light
        );
        assert_eq!(Level::CODES, [-1, 10]);
        assert_eq!(Level::from_code(-1), Level::Low);
        assert_eq!(Level::High.code(), 10);
        assert_eq!(Level::from(7), Level::Unknown(7));
        assert!(!Level::Unknown(7).is_known() && Level::High.is_known());
        assert_eq!(serde_json::to_string(&Level::High).unwrap(), "10");
    }

    #[test]
    fn wrong_json_types_are_errors() {
        assert!(serde_json::from_str::<Colour>("3").is_err());
        assert!(serde_json::from_str::<Status>("\"1\"").is_err());
    }
}
