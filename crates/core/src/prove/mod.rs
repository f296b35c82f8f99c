//! Proving a review: the plan PostgreSQL runs for it ([`plan`]), what the catalog
//! after the migration says ([`catalog`]), and what the answers settle ([`apply`]). The
//! executor contract and each gate's prover are [`crate::proof`]'s; these steps find
//! the provers through the registry, so they sit above it.

pub mod apply;
pub mod catalog;
pub mod kept;

pub mod observe;
pub mod plan;
