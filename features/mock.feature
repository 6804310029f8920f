@mock
Feature: The mock's own choices
  Where the page is silent, the toolkit's mock chooses: an errorCode per
  reason, and any documented answer on request (Prefer: code=N). A real
  implementation chooses its own, so these scenarios run only against the
  mock (profilemock contract without --target).

  Background:
    Given the fixture for status 200

  Scenario Outline: A bad parameter has its own errorCode: <what>
    Given a request for department "<department>" and token "<token>"
    When the client requests the customer profile
    Then the response status is 400
    And the errorCode is <code>

    Examples:
      | department                           | token  | code  | what                     |
      | not-a-uuid                           | ok-1   | 40001 | a department not a UUID  |
      | 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10 |        | 40002 | an empty token           |
      | 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10 | ok\x01 | 40004 | a control character      |

  Scenario: A token longer than 512 bytes is 40003
    Given the token is 513 characters long
    When the client requests the customer profile
    Then the response status is 400
    And the errorCode is 40003

  Scenario Outline: A credential problem has its own errorCode: <what>
    Given the Authorization header is "<authorization>"
    When the client requests the customer profile
    Then the response status is 401
    And the errorCode is <code>

    Examples:
      | authorization | code  | what                  |
      |               | 40101 | no credentials        |
      | Basic %%%%    | 40102 | malformed credentials |
      | Token abc123  | 40103 | another scheme        |

  Scenario: Wrong credentials are 40104
    Given the credentials carry a wrong password
    When the client requests the customer profile
    Then the response status is 401
    And the errorCode is 40104

  Scenario Outline: The mock gives the answer it is asked for: <status>
    Given the header "Prefer" is "code=<status>"
    When the client requests the customer profile
    Then the response status is <status>
    And the response header "Preference-Applied" is "code=<status>"

    Examples:
      | status |
      | 200    |
      | 204    |
      | 400    |
      | 401    |
      | 500    |

  Scenario Outline: Every built-in profile scenario keeps the contract: <scenario>
    Given the mock scenario is "<scenario>"
    When the client requests the customer profile
    Then the response status is 200
    And the response header "X-Mock-Scenario" is "<scenario>"
    And the response body satisfies the strict contract for status 200
    And the profile satisfies every semantic rule

    Examples:
      | scenario                |
      | default                 |
      | all-declined            |
      | approval-flow           |
      | large-profile           |
      | minimal-profile         |
      | pending-approval        |
      | status-completed        |
      | status-declined         |
      | status-pending-approval |
      | status-requested        |
      | status-scheduled        |
      | unicode-names           |
      | with-warnings           |

  Scenario Outline: Every built-in error scenario keeps the contract: <scenario>
    Given the mock scenario is "<scenario>"
    When the client requests the customer profile
    Then the response status is <status>
    And the response body satisfies the strict contract for status <status>

    Examples:
      | scenario     | status |
      | no-content   | 204    |
      | bad-request  | 400    |
      | unauthorized | 401    |
      | server-error | 500    |
