package io.appcredentials.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Layout checks on what the browser renders: nothing wider than the box it is in (a dialog, the page's main
 * section) or than the window.
 */
public final class Layout {

    /**
     * Lists the visible elements inside {@code arguments[0]} that reach past its left or right edge or the window's,
     * or whose content does (text that does not wrap). An element that scrolls or clips sideways by design (a code
     * block) is checked itself, not what it holds; screen-reader-only elements (1 px) are skipped.
     */
    private static final String OVERFLOWING = """
            const root = arguments[0];
            const viewport = document.documentElement.clientWidth;
            const box = root.getBoundingClientRect();
            // the box's inside: without its borders and its vertical scroll bar
            const left = Math.max(0, box.left + root.clientLeft);
            const right = Math.min(viewport, box.left + root.clientLeft + (root.clientWidth || box.width));
            const found = [];
            const name = e => e.tagName.toLowerCase()
                + (e.id ? '#' + e.id : '')
                + (e.dataset && e.dataset.testid ? "[data-testid='" + e.dataset.testid + "']" : '')
                + (typeof e.className === 'string' && e.className.trim()
                    ? '.' + e.className.trim().split(/\\s+/).slice(0, 2).join('.') : '')
                + (e.innerText ? ' "' + e.innerText.trim().replace(/\\s+/g, ' ').slice(0, 40) + '"' : '');
            const walk = parent => {
              for (const e of parent.children) {
                const style = getComputedStyle(e);
                if (style.display === 'none' || style.visibility === 'hidden') continue;
                const r = e.getBoundingClientRect();
                // screen-reader-only text: clipped away, or 1 px
                if (style.clip !== 'auto' && style.clip !== '' || style.clipPath.startsWith('inset')
                    || r.width <= 1 && r.height <= 1 && style.position === 'absolute') continue;
                if (r.width > 0 || r.height > 0) {
                  const contentRight = r.left + Math.max(r.width, style.display.startsWith('inline') ? 0 : e.scrollWidth);
                  if (r.left < left - 0.5 || r.right > right + 0.5) {
                    found.push(name(e) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right));
                  } else if (style.overflowX === 'visible' && contentRight > right + 0.5) {
                    found.push(name(e) + ' has content up to ' + Math.round(contentRight));
                  }
                }
                if (style.overflowX !== 'visible') continue;
                walk(e);
              }
            };
            walk(root);
            return [Math.round(left) + '..' + Math.round(right), ...found];
            """;

    private Layout() {
    }

    /**
     * Asserts that nothing in {@code container} (a dialog's box, the page's main section) is wider than it or than
     * the window: every visible element lies between its left and right edges and the window's, and so does its
     * content.
     */
    public static void assertFitsWidth(WebDriver driver, WebElement container, String what) {
        @SuppressWarnings("unchecked")
        List<String> result = (List<String>) ((JavascriptExecutor) driver).executeScript(OVERFLOWING, container);
        List<String> overflowing = result.subList(1, result.size());
        assertTrue(overflowing.isEmpty(), what + ": wider than the " + result.get(0) + " px it has: " + String.join("; ", overflowing));
    }
}
