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

    #[test]
    fn wrong_json_types_are_errors() {
        assert!(serde_json::from_str::<Colour>("3").is_err());
        assert!(serde_json::from_str::<Status>("\"1\"").is_err());
    }
}
