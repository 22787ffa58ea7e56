//! Pages for people: the start pages, login, consent, account, logout, the language switch,
//! the domain managers' pages (`manage/`) and the super administrator's (`admin/`). Server-rendered with askama (compile-time checked, auto-escaping) in the request's
//! language (`web::locale`); every form that changes anything carries a CSRF token; every
//! POST that succeeds answers 303.

pub mod account;
pub mod admin;
pub mod authorize;
pub mod consent;
pub mod domain;
pub mod end_session;
pub mod form;
pub mod lang;
pub mod login;
pub mod logout;
pub mod manage;
pub mod pages;
pub mod start;
pub mod vault;
