import { useEffect, useState, type RefObject } from "react";

/** True once the element has come near the viewport (and stays true). Lets a panel far down the page wait
 * with its requests until it is about to be seen, so it doesn't compete with what is on screen (images).
 * Without IntersectionObserver (old browsers, tests) it is true at once. */
export function useInView(ref: RefObject<Element | null>, rootMargin = "0px"): boolean {
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const node = ref.current;
    if (seen || !node) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setSeen(true);
          observer.disconnect();
        }
      },
      { rootMargin },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [ref, rootMargin, seen]);
  return seen;
}
