//! How results look: [`human`] for people at a terminal, [`json`] for
//! programs.
//!
//! Only this module decides what is printed and how. Every printer is
//! generic over [`std::io::Write`], so tests print into a buffer and the
//! binary into a locked stdout; a write error (such as a closed pipe) is
//! returned, never ignored and never a panic.

pub mod human;
pub mod json;
