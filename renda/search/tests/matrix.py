"""Permission matrix entries of search: every signed-in role searches (what it finds is its own scope's)."""

from renda.testing.matrix import LOGGED_IN, api_case, case

PAGES = {
    "search:search": [
        case("search", lambda w: "/search/?q=污水治理", LOGGED_IN),
        case("search, nothing typed", lambda w: "/search/", LOGGED_IN),
        case("search, more of one kind", lambda w: "/search/?q=代表&kind=deputies&page=2", LOGGED_IN),
        case("search, SQL characters", lambda w: "/search/?q=%27%3B+DROP+TABLE+org_person%3B--", LOGGED_IN),
    ],
}

API = {
    ("get", "/api/search"): [
        api_case("search", lambda w: "/api/search?q=王江泾镇", LOGGED_IN),
        api_case("search, too long", lambda w: "/api/search?q=" + "污" * 1001, LOGGED_IN, code=422),
        api_case("search, one kind's page", lambda w: "/api/search?q=代表&kind=deputies&page=2", LOGGED_IN),
    ],
}
