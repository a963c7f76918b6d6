// The page types of the public website, with real addresses found through the API.
import { api, BASE } from "./browser.mjs";

const path = (url) => url.replace(BASE, "").replace(/^https?:\/\/[^/]+/, "");

/// [{ name, path (Dutch form), status }] — one of every page type.
export async function pageTypes() {
  const list = await api("/api/v1/algorithms?page_size=1&sort=-published");
  const first = list.items[0];
  const description = path(first._links.html.href);
  const org = first.organisation.code;
  return [
    { name: "home", path: "/", status: 200 },
    { name: "search", path: "/zoeken?q=parkeren", status: 200 },
    { name: "search-filtered", path: "/zoeken?q=&theme=verkeer&status=in-gebruik", status: 200 },
    { name: "search-none", path: "/zoeken?q=xyzzyquux", status: 200 },
    { name: "description", path: description, status: 200 },
    { name: "organisations", path: "/organisaties", status: 200 },
    { name: "organisation", path: `/organisatie/${org}`, status: 200 },
    { name: "open-data", path: "/open-data", status: 200 },
    { name: "about", path: "/over", status: 200 },
    { name: "faq", path: "/vragen", status: 200 },
    { name: "accessibility", path: "/toegankelijkheid", status: 200 },
    { name: "privacy", path: "/privacy", status: 200 },
    { name: "standard", path: "/standaard", status: 200 },
    { name: "not-found", path: "/deze-pagina-bestaat-niet", status: 404 },
  ];
}
