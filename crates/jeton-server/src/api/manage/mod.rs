//! `/api/v1/domains/{d}/...` for the domain's managers (and the super administrator): users,
//! the domain's clients, scopes, settings and the audit log. The same flows as the manager
//! pages and the CLI; every call is limited to the path's domain by `ManagerCaller`.

pub mod audit;
pub mod client_policy;
pub mod clients;
pub mod settings;
pub mod users;
