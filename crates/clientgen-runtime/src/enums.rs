//! The conversions of the enums that generated crates declare.
//!
//! Every generated enum keeps a value the spec does not list in its last
//! variant. Its conversions (to and from the wire value, `Display`, serde)
//! are the same for every enum but the table of values, so a generated
//! crate states only the table, and these macros write the impls. That
//! keeps the emitted source short to read, to diff and to generate.

/// Implements `as_str`, `From<String>`, `From<&str>`, `Display`,
/// `Serialize` and `Deserialize` for an enum of string values whose
/// `$unknown(String)` variant keeps any other value as received.
///
/// ```
/// #[derive(Debug, Clone, PartialEq, Eq)]
/// pub enum Color {
///     Red,
///     DarkBlue,
///     UnknownValue(String),
/// }
///
/// clientgen_runtime::string_enum! {
///     Color {
///         Red => "red",
///         DarkBlue => "dark blue",
///         _ => UnknownValue,
///     }
/// }
///
/// assert_eq!(Color::from("dark blue"), Color::DarkBlue);
/// assert_eq!(Color::from("green").as_str(), "green");
/// assert_eq!(Color::Red.to_string(), "red");
/// ```
#[macro_export]
macro_rules! string_enum {
    ($name:ident { $($variant:ident => $value:literal,)* _ => $unknown:ident $(,)? }) => {
        impl $name {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::$unknown(value),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from(::std::string::String::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as $crate::__private::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

/// Implements `value`, `From<i64>`, `Display`, `Serialize` and
/// `Deserialize` for an enum of integer values whose `$unknown(i64)`
/// variant keeps any other value as received.
///
/// ```
/// #[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// pub enum Level {
///     Low,
///     High,
///     UnknownValue(i64),
/// }
///
/// clientgen_runtime::integer_enum! {
///     Level {
///         Low => -1,
///         High => 2,
///         _ => UnknownValue,
///     }
/// }
///
/// assert_eq!(Level::from(-1), Level::Low);
/// assert_eq!(Level::from(7).value(), 7);
/// assert_eq!(Level::High.to_string(), "2");
/// ```
#[macro_export]
macro_rules! integer_enum {
    ($name:ident { $($variant:ident => $value:literal,)* _ => $unknown:ident $(,)? }) => {
        impl $name {
            /// The value as it travels on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$unknown(value) => *value,
                }
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    _ => Self::$unknown(value),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i64 as $crate::__private::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Kind {
        Plain,
        WithQuote,
        UnknownValue(String),
    }

    crate::string_enum! {
        Kind {
            Plain => "plain",
            WithQuote => "say \"hi\"",
            _ => UnknownValue,
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Code {
        Minus,
        Zero,
        UnknownValue(i64),
    }

    crate::integer_enum! {
        Code {
            Minus => -3,
            Zero => 0,
            _ => UnknownValue,
        }
    }

    #[test]
    fn string_values_round_trip_listed_and_unlisted() {
        let parsed: Vec<Kind> = serde_json::from_str(r#"["plain", "say \"hi\"", "new"]"#).unwrap();
        assert_eq!(parsed, [Kind::Plain, Kind::WithQuote, Kind::UnknownValue("new".into())]);
        assert_eq!(serde_json::to_string(&parsed).unwrap(), r#"["plain","say \"hi\"","new"]"#);
        assert_eq!(Kind::WithQuote.to_string(), "say \"hi\"");
        assert_eq!(Kind::from(String::from("new")).as_str(), "new");
    }

    #[test]
    fn integer_values_round_trip_listed_and_unlisted() {
        let parsed: Vec<Code> = serde_json::from_str("[-3, 0, 42]").unwrap();
        assert_eq!(parsed, [Code::Minus, Code::Zero, Code::UnknownValue(42)]);
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "[-3,0,42]");
        assert_eq!(Code::Minus.to_string(), "-3");
        assert_eq!(Code::from(42).value(), 42);
        assert!(serde_json::from_str::<Code>("\"0\"").is_err());
    }
}
