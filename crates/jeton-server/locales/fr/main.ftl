# Les pages de Jeton en français. Chaque message a son jumeau dans ../en/main.ftl (un test
# unitaire de src/web/locale.rs le vérifie dans les deux sens). Les arguments ({ $name })
# sont insérés en texte brut et la page échappe tout le message : pas de balises ici.
# Typographie : espace insécable (U+00A0) avant « ? », « : » et « ! », et à l’intérieur
# des guillemets ; apostrophe typographique (’).

## Mise en page

# Le lien vers l’autre langue, écrit dans cette langue.
lang-switch = English

## Erreurs

error-not-found-title = Page introuvable
error-not-found = Il n’y a rien à cette adresse.
error-no-such-domain = Ce domaine n’existe pas sur ce serveur.
error-too-large-title = Requête trop volumineuse
error-too-large = Le formulaire envoyé est trop volumineux.
error-bad-request-title = Requête invalide
error-bad-redirect = L’adresse de redirection est mal formée.
error-bad-language = Cette langue n’est pas disponible. Choisissez le français ou l’anglais.
error-conflict-title = Existe déjà
error-conflict = Ce que vous avez essayé de créer existe déjà. Revenez en arrière, modifiez-le et réessayez.
error-internal-title = Une erreur s’est produite
error-internal = Le serveur n’a pas pu traiter votre demande. L’erreur a été enregistrée.
error-unavailable-title = Service momentanément indisponible
error-unavailable = Le serveur n’a pas pu traiter votre demande. Veuillez réessayer dans un instant.
error-expired-title = Ce formulaire a expiré
error-expired = Le formulaire n’a pas été envoyé depuis ce site ou a expiré. Revenez en arrière, rechargez la page et réessayez.
error-metrics = Les métriques n’ont pas pu être écrites.
# Texte brut, quand une page ne peut pas s’afficher.
error-render = Une erreur s’est produite de notre côté.

## Demandes d’autorisation qui ne peuvent pas revenir à l’application

authorize-error-title = Cette demande de connexion ne peut pas aboutir
authorize-missing-client-id = La demande ne précise aucune application (client_id manquant).
authorize-unknown-client = L’application qui vous a envoyé ici n’est pas enregistrée sur ce serveur.
authorize-repeated-parameter = La demande répète le paramètre « { $name } ».
authorize-missing-redirect-uri = L’application a plusieurs adresses de retour enregistrées et n’a pas indiqué laquelle utiliser (redirect_uri manquant).
authorize-unregistered-redirect-uri = L’adresse de retour (redirect_uri) de la demande n’est pas enregistrée pour cette application : vous n’y avez donc pas été renvoyé.

## Connexion

login-title = Connexion à { $domain }
login-heading = Connexion
login-to-continue = pour continuer vers { $client }
login-with-account = avec votre compte { $domain }
login-username = Nom d’utilisateur
login-password = Mot de passe
login-submit = Se connecter
login-incorrect = Nom d’utilisateur ou mot de passe incorrect.
login-throttled = Trop de tentatives infructueuses. Réessayez dans { $minutes } { $minutes ->
        [one] minute
       *[other] minutes
    }.

## Consentement

consent-title = Autoriser { $client } ?
consent-heading = { $client } souhaite accéder à votre compte
consent-signed-in-as = Connecté en tant que { $user }
consent-not-you = Ce n’est pas vous ? Se déconnecter
consent-no-scopes = { $client } ne demande aucune autorisation particulière, seulement de savoir que vous êtes connecté.
consent-will-allow = { $client } pourra :
consent-sent-back = Après votre choix, vous serez renvoyé vers { $host }.
consent-deny = Refuser
consent-allow = Autoriser
consent-choose = Choisissez Autoriser ou Refuser.

## Déconnexion

logout-title = Déconnexion de { $domain }
logout-heading = Se déconnecter de { $domain } ?
logout-signed-in-as = Vous êtes connecté en tant que { $user }.
logout-submit = Se déconnecter
signed-out-title = Déconnecté de { $domain }
signed-out-heading = Vous êtes déconnecté.
signed-out-message = Vous avez été déconnecté de { $domain }.
signed-out-sign-in-again = Se reconnecter

## Compte

account-title = Votre compte
account-username = Nom d’utilisateur
account-email = Adresse e-mail
account-email-not-set = Non renseignée
account-roles = Rôles
account-no-roles = Aucun rôle
account-sign-out = Se déconnecter
account-back = Retour à { $domain }

## Page d’accueil (/)

start-title = Bienvenue
start-heading = Bienvenue sur Jeton
start-intro = Jeton connecte les personnes et permet aux applications qu’elles approuvent d’utiliser en leur nom les API de votre organisation, avec des accès qu’elles voient et peuvent révoquer.
start-sign-in-to = Se connecter à { $domain }
start-other-domain = Une autre organisation ?
start-domain-label = Le domaine de votre organisation
start-domain-hint = Le nom court de votre adresse de connexion, comme dans /d/acme/.
start-domain-submit = Continuer
start-domain-empty = Saisissez le domaine de votre organisation.
start-domain-malformed = Un domaine ne contient que des lettres minuscules, des chiffres et des traits d’union.
start-domain-not-found = Domaine introuvable.
start-developers = Pour les développeurs
start-api-docs = Description de l’API (OpenAPI)
start-metadata = Métadonnées du serveur d’autorisation de { $domain }

## Page d’accueil d’un domaine (/d/{d}/)

domain-start-signed-out = Connectez-vous avec votre compte { $domain } pour voir votre compte et ce que vous pouvez faire ici.
domain-start-sign-in = Se connecter
domain-start-signed-in-as = Connecté en tant que { $user }
domain-start-account = Votre compte
domain-start-manage = Gérer ce domaine
domain-start-admin = Administration du serveur
domain-start-sign-out = Se déconnecter
domain-start-issuer = Émetteur
domain-start-metadata = Métadonnées du serveur d’autorisation
