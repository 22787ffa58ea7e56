//! Pages for people: login, consent, account, logout. Server-rendered with askama
//! (compile-time checked, auto-escaping); every form carries a CSRF token; every POST that
//! succeeds answers 303.

pub mod account;
pub mod authorize;
pub mod consent;
pub mod domain;
pub mod form;
pub mod login;
pub mod logout;
pub mod pages;
