@headers
Feature: The headers of every answer
  Every answer that carries a body says it is JSON; a 204 carries no body at
  all; a 401 tells the client how to authenticate (RFC 9110).

  Scenario Outline: The <status> answer says it is JSON
    Given the fixture for status <status>
    When the client requests the customer profile
    Then the response status is <status>
    And the Content-Type is JSON

    @200
    Examples: the profile
      | status |
      | 200    |

    @500
    Examples: a server error
      | status |
      | 500    |

  @400
  Scenario: A bad request says it is JSON
    Given the fixture for status 200
    And the department is "not-a-uuid"
    When the client requests the customer profile
    Then the response status is 400
    And the Content-Type is JSON

  @401
  Scenario: An unauthorized answer says it is JSON, and challenges the client
    Given the fixture for status 200
    And the request has no Authorization header
    When the client requests the customer profile
    Then the response status is 401
    And the Content-Type is JSON
    And the response has a "WWW-Authenticate" header

  @204
  Scenario: No content has no body, and says none
    Given the fixture for status 204
    When the client requests the customer profile
    Then the response status is 204
    And the response has no body
