//! No code: this crate holds the behaviour tests of the generated clients
//! (see `tests/`), and compiles the README's example as a doc test, which
//! follows.
//!
#![doc = include_str!("../../../README.md")]
