@401
Feature: Unauthorized (401)
  Without credentials the implementation accepts, the answer is 401 with the
  error envelope, however good the rest of the request is: these requests are
  the 200 fixture's, with other credentials.

  Background:
    Given the fixture for status 200

  Scenario: No Authorization header
    Given the request has no Authorization header
    When the client requests the customer profile
    Then the response status is 401
    And the Content-Type is JSON
    And the response body satisfies the contract for status 401
    And the response body holds at least one error

  Scenario Outline: Another scheme: <what>
    Given the Authorization header is "<authorization>"
    When the client requests the customer profile
    Then the response status is 401
    And the Content-Type is JSON
    And the response body satisfies the contract for status 401

    Examples:
      | authorization                          | what          |
      | Digest username=qa, realm=x, nonce=abc | Digest        |
      | Token abc123                           | Token         |
      | Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXag | Negotiate     |

  Scenario Outline: Malformed credentials: <what>
    Given the Authorization header is "<authorization>"
    When the client requests the customer profile
    Then the response status is 401
    And the Content-Type is JSON
    And the response body satisfies the contract for status 401

    Examples:
      | authorization      | what                                         |
      | Basic              | Basic without credentials                    |
      | Basic %%%%         | Basic credentials that are not base64        |
      | Basic bm8tY29sb24= | Basic credentials without a colon (no-colon) |
      | Bearer             | Bearer without a token                       |
      | Bearer a b         | a Bearer token with a space                  |
      | dXNlcjpwYXNz       | credentials without a scheme                 |

  Scenario: The accepted user with a wrong password
    Given the credentials carry a wrong password
    When the client requests the customer profile
    Then the response status is 401
    And the Content-Type is JSON
    And the response body satisfies the contract for status 401
    And the response body holds at least one error

  Scenario: A user the implementation does not know
    Given the credentials are those of an unknown user
    When the client requests the customer profile
    Then the response status is 401
    And the Content-Type is JSON
    And the response body satisfies the contract for status 401

  Scenario: A Bearer token the implementation does not know
    Given the Authorization header is an unknown Bearer token
    When the client requests the customer profile
    Then the response status is 401
    And the Content-Type is JSON
    And the response body satisfies the contract for status 401

  @strict
  Scenario: The error envelope holds every documented field, and nothing else
    Given the request has no Authorization header
    When the client requests the customer profile
    Then the response status is 401
    And the response body satisfies the strict contract for status 401
