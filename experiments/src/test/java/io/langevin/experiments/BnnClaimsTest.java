package io.langevin.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.langevin.experiments.bnn.Bnn;
import io.langevin.experiments.bnn.BnnMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed talk's claims as {@code langevin bnn} checks them, on hand-made results. */
class BnnClaimsTest {

  private static Bnn.MethodResult result(String method, double test, double train) {
    BnnMethod m = BnnMethod.parse(List.of(method)).get(0);
    return new Bnn.MethodResult(m, method, List.of(), test, train, 0.1, 0.01, 0.9, 0.8, Double.NaN,
        0.1, 1.0, m.sampler() ? 10 : 0, 1.0, new float[0], null);
  }

  @Test
  void bothClaimsHold() {
    BnnCommand.Claims c = BnnCommand.claims(List.of(
        result("rmsprop", 0.045, 0.0), result("sgd", 0.05, 0.01),
        result("sgld", 0.05, 0.03), result("psgld", 0.04, 0.02),
        result("dropout", 0.03, 0.0)), 2000);
    assertEquals(Boolean.TRUE, c.psgldBest());
    // optimisers: gaps 4.5 and 4.0 (mean 4.25); samplers: 2.0 and 2.0; dropout is in neither group
    assertEquals(Boolean.TRUE, c.gapLarger());
    assertTrue(c.text().contains("optimisers 4.25% (2), samplers 2.00% (2)"), c.text());
    assertTrue(c.text().contains("binomial standard error of one error rate on 2000 test images: 0.44%"),
        c.text());
  }

  @Test
  void claimsThatFailSayNot() {
    BnnCommand.Claims c = BnnCommand.claims(List.of(
        result("rmsprop", 0.04, 0.03), result("sgld", 0.05, 0.0), result("psgld", 0.041, 0.0)),
        2000);
    assertEquals(Boolean.FALSE, c.psgldBest());
    assertEquals(Boolean.FALSE, c.gapLarger());
    assertTrue(c.text().contains("does NOT hold"), c.text());
  }

  @Test
  void claimsWithoutTheirMethodsAreNotJudged() {
    BnnCommand.Claims c = BnnCommand.claims(List.of(result("sgd", 0.05, 0.0)), 2000);
    assertNull(c.psgldBest());
    assertNull(c.gapLarger());
    assertTrue(c.text().contains("not run"), c.text());
  }
}
