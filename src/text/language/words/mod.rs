//! Each language's lists, as match keys. English's are SPEC §3's negators and the reporting
//! verbs, distancers and sentence openers slant has always used; the others were chosen for
//! this project from the grammar of each language (README *Languages* says why each kind of
//! word is there and what is left out). Order within a list does not matter: [`WordSet`]
//! sorts them.
//!
//! [`WordSet`]: super::WordSet

mod en;
mod germanic;
mod romance;
mod ru;
mod semitic;

use super::Words;

pub(crate) use en::EN;
pub(crate) use germanic::{DE, NL};
pub(crate) use romance::{ES, FR, IT, PT};
pub(crate) use ru::RU;
pub(crate) use semitic::{AR, HE};
