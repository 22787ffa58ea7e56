//! Signing keys and compact JWS (RFC 7515 §7.1) for ID tokens and JWT access tokens, with
//! aws-lc-rs as the one crypto backend (DESIGN §7).
//!
//! Why not `jsonwebtoken` (DESIGN §7 names it): its aws-lc-rs signer parses the private key
//! again on every signature, and it loads RSA keys only as RFC 8017 `RSAPrivateKey`, which
//! aws-lc-rs does not write (it writes PKCS#8). Compact JWS is three base64url parts and one
//! call to the backend, so Jeton keeps the parsed key and signs with it directly.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    self, ECDSA_P256_SHA256_FIXED, ECDSA_P256_SHA256_FIXED_SIGNING, ED25519, EcdsaKeyPair,
    Ed25519KeyPair, KeyPair as _, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair,
    RsaPublicKeyComponents, UnparsedPublicKey,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256, Sha512};

/// The JWS algorithms Jeton signs with (RFC 7518 §3.1, RFC 8037 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SigningAlg {
    /// ECDSA P-256 with SHA-256: the default (short signatures, fast).
    #[serde(rename = "ES256")]
    Es256,
    /// RSASSA-PKCS1-v1_5 with SHA-256: what every OpenID Connect client must support.
    #[serde(rename = "RS256")]
    Rs256,
    /// Ed25519.
    #[serde(rename = "EdDSA")]
    EdDsa,
}

impl SigningAlg {
    pub const ALL: [Self; 3] = [Self::Es256, Self::Rs256, Self::EdDsa];
    pub const DEFAULT: Self = Self::Es256;

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Es256 => "ES256",
            Self::Rs256 => "RS256",
            Self::EdDsa => "EdDSA",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The left half of the hash of `value` under the algorithm's hash, base64url: `at_hash`
    /// and `c_hash` (OpenID Connect Core §3.1.3.6, §3.3.2.11). For EdDSA with Ed25519 the
    /// hash is SHA-512, as the OpenID Foundation's errata and certified libraries have it.
    pub fn half_hash(self, value: &str) -> String {
        let digest: Vec<u8> = match self {
            Self::Es256 | Self::Rs256 => Sha256::digest(value.as_bytes()).to_vec(),
            Self::EdDsa => Sha512::digest(value.as_bytes()).to_vec(),
        };
        URL_SAFE_NO_PAD.encode(&digest[..digest.len() / 2])
    }
}

/// A public key as published at `jwks_uri` (RFC 7517 §4, RFC 7518 §6, RFC 8037 §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    pub kty: String,
    #[serde(rename = "use")]
    pub use_: String,
    pub kid: String,
    pub alg: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the stored {0} private key does not parse")]
pub struct BadKey(pub &'static str);

/// A private key ready to sign, with its key id.
pub struct Signer {
    kid: String,
    alg: SigningAlg,
    key: PrivateKey,
}

enum PrivateKey {
    Ec(EcdsaKeyPair),
    Rsa(RsaKeyPair),
    Ed(Ed25519KeyPair),
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

/// A key pair just made: the PKCS#8 private key (to seal and store) and its public JWK.
pub struct GeneratedKey {
    pub pkcs8: Vec<u8>,
    pub jwk: Jwk,
}

/// Makes a new key for `alg`, named `kid`. RSA keys are 2048 bits (RFC 7518 §3.3's floor,
/// and what clients expect); generating one takes tens of milliseconds.
pub fn generate(alg: SigningAlg, kid: &str) -> GeneratedKey {
    let rng = SystemRandom::new();
    // Key generation fails only if the backend's RNG does: nothing can go on without it.
    let pkcs8 = match alg {
        SigningAlg::Es256 => EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .expect("the crypto backend generates a P-256 key")
            .as_ref()
            .to_vec(),
        SigningAlg::Rs256 => aws_lc_rs::rsa::KeyPair::generate(KeySize::Rsa2048)
            .and_then(|k| k.as_der())
            .expect("the crypto backend generates an RSA key")
            .as_ref()
            .to_vec(),
        SigningAlg::EdDsa => Ed25519KeyPair::generate_pkcs8(&rng)
            .expect("the crypto backend generates an Ed25519 key")
            .as_ref()
            .to_vec(),
    };
    let signer = Signer::from_pkcs8(alg, kid, &pkcs8).expect("a key just generated parses");
    GeneratedKey {
        jwk: signer.jwk(),
        pkcs8,
    }
}

impl Signer {
    pub fn from_pkcs8(alg: SigningAlg, kid: &str, pkcs8: &[u8]) -> Result<Self, BadKey> {
        let key = match alg {
            SigningAlg::Es256 => EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8)
                .map(PrivateKey::Ec)
                .map_err(|_| BadKey("ES256"))?,
            SigningAlg::Rs256 => RsaKeyPair::from_pkcs8(pkcs8)
                .map(PrivateKey::Rsa)
                .map_err(|_| BadKey("RS256"))?,
            SigningAlg::EdDsa => Ed25519KeyPair::from_pkcs8(pkcs8)
                .map(PrivateKey::Ed)
                .map_err(|_| BadKey("EdDSA"))?,
        };
        Ok(Self {
            kid: kid.to_owned(),
            alg,
            key,
        })
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn alg(&self) -> SigningAlg {
        self.alg
    }

    /// The public half, as published.
    pub fn jwk(&self) -> Jwk {
        let b64 = |b: &[u8]| Some(URL_SAFE_NO_PAD.encode(b));
        let mut jwk = Jwk {
            kty: String::new(),
            use_: "sig".into(),
            kid: self.kid.clone(),
            alg: self.alg.as_str().into(),
            crv: None,
            x: None,
            y: None,
            n: None,
            e: None,
        };
        match &self.key {
            PrivateKey::Ec(k) => {
                // Uncompressed point: 0x04 ‖ x ‖ y.
                let point = k.public_key().as_ref();
                jwk.kty = "EC".into();
                jwk.crv = Some("P-256".into());
                jwk.x = b64(&point[1..33]);
                jwk.y = b64(&point[33..65]);
            }
            PrivateKey::Rsa(k) => {
                let parts = RsaPublicKeyComponents::<Vec<u8>>::from(k.public_key());
                jwk.kty = "RSA".into();
                jwk.n = b64(&parts.n);
                jwk.e = b64(&parts.e);
            }
            PrivateKey::Ed(k) => {
                jwk.kty = "OKP".into();
                jwk.crv = Some("Ed25519".into());
                jwk.x = b64(k.public_key().as_ref());
            }
        }
        jwk
    }

    /// A compact JWS of `claims` with header `{"alg", "kid", "typ"}`.
    pub fn sign<T: Serialize>(&self, typ: &str, claims: &T) -> String {
        #[derive(Serialize)]
        struct Header<'a> {
            alg: &'a str,
            kid: &'a str,
            typ: &'a str,
        }
        let header = Header {
            alg: self.alg.as_str(),
            kid: &self.kid,
            typ,
        };
        // Serializing plain structs of strings and numbers cannot fail.
        let header = serde_json::to_vec(&header).expect("a JWS header serializes");
        let claims = serde_json::to_vec(claims).expect("JWT claims serialize");
        let mut out = String::with_capacity((header.len() + claims.len()) * 4 / 3 + 400);
        URL_SAFE_NO_PAD.encode_string(&header, &mut out);
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(&claims, &mut out);
        let signature = self.signature(out.as_bytes());
        out.push('.');
        URL_SAFE_NO_PAD.encode_string(&signature, &mut out);
        out
    }

    fn signature(&self, message: &[u8]) -> Vec<u8> {
        // Signing with a parsed key fails only if the backend's RNG does.
        match &self.key {
            PrivateKey::Ec(k) => k
                .sign(&SystemRandom::new(), message)
                .expect("ECDSA signing")
                .as_ref()
                .to_vec(),
            PrivateKey::Rsa(k) => {
                let mut sig = vec![0; k.public_modulus_len()];
                k.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), message, &mut sig)
                    .expect("RSA signing");
                sig
            }
            PrivateKey::Ed(k) => k.sign(message).as_ref().to_vec(),
        }
    }
}

/// A compact JWS split and decoded, before its signature is checked.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub alg: String,
    pub kid: Option<String>,
    pub typ: Option<String>,
    pub claims: serde_json::Value,
    signing_input: String,
    signature: Vec<u8>,
}

/// Splits a compact JWS; `None` when it is not one (three base64url parts, JSON header and
/// claims).
pub fn parse(token: &str) -> Option<Parsed> {
    #[derive(Deserialize)]
    struct Header {
        alg: String,
        kid: Option<String>,
        typ: Option<String>,
    }
    let mut parts = token.split('.');
    let (h, c, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header: Header = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).ok()?).ok()?;
    let claims = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(c).ok()?).ok()?;
    Some(Parsed {
        alg: header.alg,
        kid: header.kid,
        typ: header.typ,
        claims,
        signing_input: token[..h.len() + 1 + c.len()].to_owned(),
        signature: URL_SAFE_NO_PAD.decode(s).ok()?,
    })
}

impl Parsed {
    /// Whether `jwk` (of the algorithm the header names) made the signature.
    pub fn verify(&self, jwk: &Jwk) -> bool {
        if jwk.alg != self.alg {
            return false;
        }
        let d = |v: &Option<String>| v.as_deref().and_then(|s| URL_SAFE_NO_PAD.decode(s).ok());
        let message = self.signing_input.as_bytes();
        match SigningAlg::parse(&self.alg) {
            Some(SigningAlg::Es256) => {
                let (Some(x), Some(y)) = (d(&jwk.x), d(&jwk.y)) else {
                    return false;
                };
                let point = [&[4u8][..], &x, &y].concat();
                UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
                    .verify(message, &self.signature)
                    .is_ok()
            }
            Some(SigningAlg::Rs256) => {
                let (Some(n), Some(e)) = (d(&jwk.n), d(&jwk.e)) else {
                    return false;
                };
                RsaPublicKeyComponents { n, e }
                    .verify(&RSA_PKCS1_2048_8192_SHA256, message, &self.signature)
                    .is_ok()
            }
            Some(SigningAlg::EdDsa) => {
                let Some(x) = d(&jwk.x) else { return false };
                signature::UnparsedPublicKey::new(&ED25519, x)
                    .verify(message, &self.signature)
                    .is_ok()
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_algorithm_signs_what_its_published_key_verifies() {
        for alg in SigningAlg::ALL {
            let key = generate(alg, "k1");
            let signer = Signer::from_pkcs8(alg, "k1", &key.pkcs8).unwrap();
            assert_eq!(signer.jwk(), key.jwk);
            let jws = signer.sign("JWT", &serde_json::json!({"sub": "u1"}));
            let parsed = parse(&jws).unwrap();
            assert_eq!(parsed.alg, alg.as_str());
            assert_eq!(parsed.kid.as_deref(), Some("k1"));
            assert_eq!(parsed.claims["sub"], "u1");
            assert!(parsed.verify(&key.jwk), "{alg:?}");
            // Another key of the same algorithm does not verify it.
            assert!(!parsed.verify(&generate(alg, "k2").jwk), "{alg:?}");
            // An altered payload does not verify.
            let mut parts: Vec<&str> = jws.split('.').collect();
            let other = URL_SAFE_NO_PAD.encode(br#"{"sub":"u2"}"#);
            parts[1] = &other;
            assert!(!parse(&parts.join(".")).unwrap().verify(&key.jwk));
        }
    }

    #[test]
    fn jwks_have_the_members_of_their_key_type() {
        let ec = generate(SigningAlg::Es256, "a").jwk;
        assert_eq!((ec.kty.as_str(), ec.crv.as_deref()), ("EC", Some("P-256")));
        assert_eq!(URL_SAFE_NO_PAD.decode(ec.x.unwrap()).unwrap().len(), 32);
        let rsa = generate(SigningAlg::Rs256, "b").jwk;
        assert_eq!(rsa.kty, "RSA");
        assert_eq!(URL_SAFE_NO_PAD.decode(rsa.n.unwrap()).unwrap().len(), 256);
        assert_eq!(rsa.e.as_deref(), Some("AQAB"));
        let ed = generate(SigningAlg::EdDsa, "c").jwk;
        assert_eq!(
            (ed.kty.as_str(), ed.crv.as_deref()),
            ("OKP", Some("Ed25519"))
        );
    }

    #[test]
    fn half_hashes_match_the_openid_connect_example() {
        // OpenID Connect Core §A.3: at_hash of this access token under RS256.
        assert_eq!(
            SigningAlg::Rs256.half_hash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
            "77QmUPtjPfzWtF2AnpK9RQ"
        );
    }

    #[test]
    fn garbage_is_not_a_jws() {
        for bad in ["", "a.b", "a.b.c.d", "!!.e30.sig", "e30.!!.sig"] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
