@204
Feature: No content (204)
  The fixture for 204 names a request the implementation answers with 204:
  there is no profile to show. A 204 has no body.

  Scenario: No content comes without a body
    Given the fixture for status 204
    When the client requests the customer profile
    Then the response status is 204
    And the response has no body
    And the response body satisfies the contract for status 204
