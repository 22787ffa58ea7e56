//! The position of a page in the manager's list of clients, and its text form for URLs.

use super::list::{ClientListItem, ClientSort};

/// A position in a sorted list: the sort value and id of the last client shown. Opaque:
/// [`ClientCursor::encode`] gives a URL-safe string, [`ClientCursor::decode`] reads one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCursor {
    pub(super) sort: ClientSort,
    pub(super) key: Key,
    pub(super) id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Key {
    Text(String),
    Int(i64),
}

impl ClientSort {
    fn tag(self) -> char {
        match self {
            ClientSort::Name => 'n',
            ClientSort::Owner => 'o',
            ClientSort::Created => 'c',
            ClientSort::Expires => 'e',
            ClientSort::LastUsed => 'u',
        }
    }

    fn from_tag(c: char) -> Option<Self> {
        Some(match c {
            'n' => ClientSort::Name,
            'o' => ClientSort::Owner,
            'c' => ClientSort::Created,
            'e' => ClientSort::Expires,
            'u' => ClientSort::LastUsed,
            _ => return None,
        })
    }

    /// The sort key of a listed client, as the SQL computes it.
    pub(super) fn key_of(self, item: &ClientListItem) -> Key {
        match self {
            ClientSort::Name => Key::Text(item.client.name.clone()),
            ClientSort::Owner => Key::Text(item.owner_username.clone().unwrap_or_default()),
            ClientSort::Created => Key::Int(item.client.created_at),
            ClientSort::Expires => Key::Int(item.client.expires_at.unwrap_or(i64::MAX)),
            ClientSort::LastUsed => Key::Int(item.client.last_used_at.unwrap_or(-1)),
        }
    }
}

impl ClientCursor {
    /// `{sort}.{key}.{id}`, with text in hex so that any name survives a URL.
    pub fn encode(&self) -> String {
        let key = match &self.key {
            Key::Text(s) => format!("t{}", hex(s)),
            Key::Int(n) => format!("i{n}"),
        };
        format!("{}.{key}.{}", self.sort.tag(), hex(&self.id))
    }

    pub fn decode(s: &str) -> Option<Self> {
        let mut parts = s.split('.');
        let (sort, key, id) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let mut sort = sort.chars();
        let tag = sort.next()?;
        if sort.next().is_some() {
            return None;
        }
        let key = match key.split_at_checked(1)? {
            ("t", h) => Key::Text(unhex(h)?),
            ("i", n) => Key::Int(n.parse().ok()?),
            _ => return None,
        };
        Some(Self {
            sort: ClientSort::from_tag(tag)?,
            key,
            id: unhex(id)?,
        })
    }
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(h: &str) -> Option<String> {
    if !h.len().is_multiple_of(2) {
        return None;
    }
    let bytes = (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(h.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_survive_encoding() {
        for (sort, key) in [
            (ClientSort::Name, Key::Text("a.b %_ é".into())),
            (ClientSort::Owner, Key::Text(String::new())),
            (ClientSort::Created, Key::Int(-5)),
            (ClientSort::Expires, Key::Int(i64::MAX)),
        ] {
            let c = ClientCursor {
                sort,
                key,
                id: "x.y".into(),
            };
            assert_eq!(ClientCursor::decode(&c.encode()), Some(c));
        }
        for bad in [
            "",
            "n",
            "n.t6.",
            "z.i1.78",
            "n.tzz.78",
            "c.i1.78.9",
            "c.x1.78",
        ] {
            assert_eq!(ClientCursor::decode(bad), None, "{bad}");
        }
    }
}
