// Reference data several component tests share.

/** One industry with two sectors, as GET /api/v1/auth/industries/ answers it. */
export const SPORTS_INDUSTRY = {
  id: 3,
  name: "Sports",
  slug: "sports",
  description: "",
  sectors: [
    { id: 31, name: "Running", slug: "running", description: "", suggested_keywords: [] },
    { id: 32, name: "Cycling", slug: "cycling", description: "", suggested_keywords: [] },
  ],
};
